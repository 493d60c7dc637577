using System.CommandLine;
using Platform.Cli.Hosting;
using Platform.Cli.Output;
using Platform.Domain.Errors;

namespace Platform.Cli.Commands;

/// <summary><c>platform state restore --from-local</c>: publishes a local copy that passes verify as the next generation.</summary>
public static class StateCommand
{
    public static Command Create(CommonOptions options)
    {
        var fromLocal = new Option<bool>("--from-local") { Description = "Publish the local billing-state folder, after verify passes on it, as the next generation" };
        var restore = new Command("restore", "Make a new generation of the billing state from a copy (recorded in the manifest's history)") { fromLocal };
        restore.SetBody(options, (parse, context) =>
        {
            if (!parse.GetValue(fromLocal))
            {
                throw PlatformException.BadInput(new Violation(null, null, "--from-local", null, "is required: restoring an earlier generation is not available yet"));
            }
            var outcome = context.StateTransaction().RestoreFromLocal();
            var store = outcome.StoreGeneration < 0 ? "held no state" : $"was at generation {outcome.StoreGeneration}";
            return new CommandReport()
                .Set("generation", outcome.Generation)
                .Set("local_generation", outcome.LocalGeneration)
                .Set("store_generation", outcome.StoreGeneration)
                .Line($"restored: the local copy {context.BillingStateDir} (generation {outcome.LocalGeneration}) is generation {outcome.Generation} of the {context.StoreKind} store, which {store}");
        });
        return new Command("state", "Audited operations on the billing state") { restore };
    }
}
