using System.CommandLine;
using System.Globalization;

namespace Platform.Cli.Hosting;

/// <summary>Integer options with a range: a bad value is one clear line (no .NET type names), never clamped in silence.</summary>
public static class WholeNumberOption
{
    public static Option<int> InRange(this Option<int> option, int min, int max)
    {
        option.HelpName = $"{min}-{max}";
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }
            result.AddError($"{option.Name}='{text}': must be a whole number from {min} to {max}");
            return default;
        };
        return option;
    }
}
