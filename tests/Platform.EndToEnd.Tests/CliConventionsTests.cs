using System.Text.Json.Nodes;
using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

/// <summary>The conventions of dotnet and gh: help, suggestions, value lists, one JSON object for every outcome.</summary>
public class CliConventionsTests
{
    [Fact]
    public void No_arguments_prints_help_with_examples_exit_codes_and_environment_and_exits_0()
    {
        using var repo = new TempPlatformRepo();
        var result = repo.Run();
        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var part in new[] { "Usage:", "Commands:", "Examples:", "Exit codes:", "  3  state conflict", "Environment variables:", "PLATFORM_NOW", "PLATFORM_STORE" })
        {
            Assert.Contains(part, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("'verfy' is not a command of platform; did you mean 'verify'?", "verfy")]
    [InlineData("'--onli' is not an option of platform verify; did you mean '--only'?", "verify", "--onli", "repo")]
    [InlineData("'--dryrun' is not an option of platform orchestrator; did you mean '--dry-run'?", "orchestrator", "--dryrun")]
    [InlineData("'orchestrater' is not a command of platform; did you mean 'orchestrator'?", "orchestrater")]
    [InlineData("--since='yesterday': is not a date like 2026-01-31 or a UTC timestamp like 2026-01-31T18:00:00Z", "ledger", "--since", "yesterday", "--store", "none")]
    public void A_misspelled_command_option_or_value_gets_one_line_naming_it(string expected, params string[] args)
    {
        using var repo = new TempPlatformRepo();
        var result = repo.Run(args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("error: " + expected, Assert.Single(result.ErrorLines));
    }

    [Theory]
    [InlineData("orchestrator", "orchestrator", "--help", "--json")]
    [InlineData("platform", "--json", "--help")]
    public void Json_help_is_exactly_one_json_object_on_stdout(string command, params string[] args)
    {
        using var repo = new TempPlatformRepo();
        var result = repo.Run(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(result.OutputLines);
        var json = JsonNode.Parse(result.Stdout.Trim())!.AsObject();
        Assert.True(json["ok"]!.GetValue<bool>());
        Assert.Equal(command, json["command"]!.GetValue<string>());
        Assert.Contains("Exit codes:", json["help"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("verify", "--onli", "repo", "--json")]
    [InlineData("admin-topup", "--tenant-id", "Ac7Kq2", "--json")]
    [InlineData("orchestrator", "--parallel", "abc", "--json")]
    [InlineData("--json")]
    public void Json_parse_errors_are_exactly_one_json_object_on_stdout(params string[] args)
    {
        using var repo = new TempPlatformRepo();
        var result = repo.Run(args);
        Assert.True(result.ExitCode == 2, result.ToString());
        var json = JsonNode.Parse(result.Stdout.Trim())!.AsObject();
        Assert.False(json["ok"]!.GetValue<bool>());
        Assert.Equal(2, json["exit_code"]!.GetValue<int>());
        Assert.NotEmpty(json["errors"]!.AsArray());
        Assert.Single(result.OutputLines);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("1000")]
    public void Parallel_out_of_range_is_a_clear_error(string value)
    {
        using var repo = new TempPlatformRepo();
        var result = repo.Run("orchestrator", "--parallel", value);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"error: --parallel='{value}': must be a whole number from 1 to 64", Assert.Single(result.ErrorLines));
        Assert.DoesNotContain("System.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_option_values_and_shows_each_default_once()
    {
        using var repo = new TempPlatformRepo();
        var help = repo.Run("orchestrator", "--help").Stdout;
        Assert.Contains("--sandbox <auto|required|off>", help, StringComparison.Ordinal);
        Assert.Contains("--store <auto|local|github|none>", help, StringComparison.Ordinal);
        Assert.Contains("--parallel <1-64>", help, StringComparison.Ordinal);
        Assert.Contains("platform orchestrator --dry-run", help, StringComparison.Ordinal);
        var parallel = help.Split('\n').Single(l => l.TrimStart().StartsWith("--parallel", StringComparison.Ordinal));
        Assert.Single(parallel.Split("default").Skip(1));
    }
}
