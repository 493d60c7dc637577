using System.CommandLine;
using System.Text.Json.Nodes;
using Platform.Adoption;
using Platform.Cli.Hosting;
using Platform.Cli.Output;
using Platform.State.Tables;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>platform adopt [--dry-run]</c>: turns a repository of the earlier Python platform into this
/// platform's layout (<see cref="LayoutPlan"/>), then posts an opening balance for each tenant whose
/// balance in the store's state no transaction explains (<see cref="OpeningBalances"/>). Idempotent.
/// </summary>
public static class AdoptCommand
{
    public static Command Create(CommonOptions options)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would change; change nothing" };
        var command = new Command("adopt", "Adopt a repository of the Python platform: move its layout, replace its workflows, post opening balances") { dryRun };
        command.SetBody(options, (parse, context) =>
        {
            var dry = parse.GetValue(dryRun);
            var changes = LayoutPlan.Build(context.RepoRoot);
            if (!dry)
            {
                LayoutPlan.Apply(context.RepoRoot, changes);
            }
            var balances = AdoptState(context, dry);
            var report = new CommandReport();
            report.Lines.AddRange(changes.Select(c => c.Line(dry)));
            report.Lines.AddRange(balances.Select(b => b.Line(dry)));
            if (report.Lines.Count == 0)
            {
                report.Line("nothing to adopt: the repository and its billing state are adopted already");
            }
            return report
                .Set("dry_run", dry)
                .Set("changed", !dry && (changes.Count > 0 || balances.Count > 0))
                .Set("changes", new JsonArray(changes.Select(c => (JsonNode)new JsonObject
                {
                    ["action"] = c.Kind.ToString().ToLowerInvariant(),
                    ["path"] = c.Path,
                    ["from"] = c.From,
                }).ToArray()))
                .Set("opening_balances", new JsonArray(balances.Select(b => (JsonNode)new JsonObject
                {
                    ["tenant_id"] = b.Tenant.Value,
                    ["amount_credits"] = b.Difference.Value,
                    ["recorded_credits"] = b.Recorded.Value,
                    ["explained_credits"] = b.Explained.Value,
                    ["transaction_id"] = dry ? null : b.TransactionId?.Value,
                }).ToArray()));
        });
        return command;
    }

    /// <summary>
    /// Opening balances are posted in a state transaction over the hydrated store, which also adopts
    /// a v1 release (the first write). A store without state has nothing to adopt. A dry run hydrates
    /// into a temporary folder and throws its change away.
    /// </summary>
    private static IReadOnlyList<OpeningBalance> AdoptState(CommandContext context, bool dryRun)
    {
        var local = context.StoreKind == "none";
        var hasState = local
            ? File.Exists(Path.Combine(context.BillingStateDir, BillingTables.ManifestFileName))
            : context.Store.Backend.StoreGeneration() >= 0;
        if (!hasState)
        {
            return [];
        }
        if (!dryRun)
        {
            return context.StateTransaction(toleratesUnexplainedBalances: true).Run(OpeningBalances.Post);
        }
        if (local)
        {
            return context.StateTransaction(toleratesUnexplainedBalances: true).Preview(OpeningBalances.Post);
        }
        var temp = Directory.CreateTempSubdirectory("platform-adopt-");
        try
        {
            return context.StateTransaction(temp.FullName, toleratesUnexplainedBalances: true).Preview(OpeningBalances.Post);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }
}
