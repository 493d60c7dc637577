using System.CommandLine;
using Platform.Cli.Hosting;
using Platform.Cli.Output;
using Platform.Maintenance.Seams;
using Platform.Orchestration.Caching;

namespace Platform.Cli.Commands;

/// <summary><c>platform cache-prune [--delete]</c>: dry run unless <c>--delete</c>.</summary>
public static class CachePruneCommand
{
    public static Command Create(CommonOptions options)
    {
        var delete = new Option<bool>("--delete") { Description = "Delete expired caches (asset and index row); without it nothing is deleted" };
        var command = new Command("cache-prune", "Keep cache_index.csv true to the cache store; delete expired caches only with --delete") { delete };
        command.SetBody(options, (parse, context) =>
        {
            var report = Run(context, parse.GetValue(delete));
            return new CommandReport()
                .Set("dry_run", !parse.GetValue(delete))
                .Set("updated_rows", report.UpdatedRows)
                .Set("registered_orphans", report.RegisteredOrphans)
                .Set("expired", report.Expired)
                .Set("deleted_caches", report.DeletedCaches)
                .Line(Summary(report, parse.GetValue(delete)));
        });
        return command;
    }

    public static CachePruneReport Run(CommandContext context, bool delete) =>
        CachePruner.Run(context.StateTransaction(), context.Store.Releases is { } store ? new ModuleCacheStore(store) : null,
            context.Clock.GetUtcNow(), delete);

    public static string Summary(CachePruneReport r, bool delete) =>
        $"cache prune{(delete ? "" : " (dry run)")}: {r.UpdatedRows} index row(s) updated, {r.RegisteredOrphans} orphan(s) registered, {r.Expired} expired, {r.DeletedCaches} deleted";

    /// <summary>Maintenance's seam: cache prune in dry-run mode.</summary>
    public sealed class DryRun(CommandContext context) : ICachePruneDryRun
    {
        public string RunCachePruneDryRun(string repoRoot) => Summary(Run(context, delete: false), delete: false);
    }
}
