using System.CommandLine;
using System.Text.Json.Nodes;
using Platform.Cli.Hosting;
using Platform.Cli.Output;
using Platform.Domain.Errors;
using Platform.State.Stores.Generations;
using Platform.State.Stores.Releases;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>platform state history | restore | gc</c>: the store's generations, restoring one (or the local
/// copy) as a new generation, and the objects no generation in the window needs (SPEC 8.4).
/// </summary>
public static class StateCommand
{
    public static Command Create(CommonOptions options) =>
        new("state", "Audited operations on the billing state: history, restore, gc") { History(options), Restore(options), Gc(options) };

    private static Command History(CommonOptions options)
    {
        var limit = new Option<int>("--limit") { Description = "How many generations to show, newest first", DefaultValueFactory = _ => 20 }.InRange(1, 100_000);
        var history = new Command("history", "List the store's generations, newest first: time, command, rows added") { limit };
        history.SetBody(options, (parse, context) =>
        {
            var count = parse.GetValue(limit);
            var generations = new StateHistory(Backend(context, "state history"), context.Clock).List(count);
            var report = new CommandReport().Set("generations", new JsonArray(generations.Select(g => (JsonNode)new JsonObject
            {
                ["generation"] = g.Generation,
                ["created_at"] = g.CreatedAt,
                ["command"] = g.Command,
                ["rows_added"] = new JsonObject(g.RowsAdded.Select(r => KeyValuePair.Create(r.Key, (JsonNode?)r.Value))),
                ["restored_from"] = g.RestoredFrom,
                ["commit"] = g.Commit,
            }).ToArray()));
            foreach (var g in generations)
            {
                var added = g.RowsAdded.Count == 0 ? "no rows added" : string.Join(", ", g.RowsAdded.Select(r => $"{r.Key} {r.Value:+0;-0}"));
                var restored = g.RestoredFrom is { } from ? $" (content of generation {from})" : "";
                report.Line($"{g.Generation,8}  {g.CreatedAt}  {g.Command}{restored}: {added}");
            }
            return generations.Count == 0 ? report.Line("the store holds no generations in the v2 layout yet") : report;
        });
        return history;
    }

    private static Command Restore(CommonOptions options)
    {
        var fromLocal = new Option<bool>("--from-local") { Description = "Publish the local billing-state folder, after verify passes on it, as the next generation" };
        var generation = new Option<long?>("--generation") { Description = "Make a new generation whose content is generation N's" };
        var force = new Option<bool>("--force") { Description = "With --generation: really restore (without it, only show what would be lost)" };
        var restore = new Command("restore", "Make a new generation from a copy: the local folder, or an earlier generation (recorded in history)") { fromLocal, generation, force };
        restore.SetBody(options, (parse, context) =>
        {
            var target = parse.GetValue(generation);
            if (parse.GetValue(fromLocal) == (target is not null))
            {
                throw PlatformException.BadInput(new Violation(null, null, "--from-local/--generation", null, "give exactly one of --from-local and --generation N"));
            }
            return target is { } n ? RestoreGeneration(context, n, parse.GetValue(force)) : RestoreLocal(context);
        });
        return restore;
    }

    private static CommandReport RestoreLocal(CommandContext context)
    {
        var outcome = context.StateTransaction().RestoreFromLocal();
        var store = outcome.StoreGeneration < 0 ? "held no state" : $"was at generation {outcome.StoreGeneration}";
        return new CommandReport()
            .Set("generation", outcome.Generation)
            .Set("local_generation", outcome.LocalGeneration)
            .Set("store_generation", outcome.StoreGeneration)
            .Line($"restored: the local copy {context.BillingStateDir} (generation {outcome.LocalGeneration}) is generation {outcome.Generation} of the {context.StoreKind} store, which {store}");
    }

    private static CommandReport RestoreGeneration(CommandContext context, long target, bool force)
    {
        var history = new StateHistory(Backend(context, "state restore --generation"), context.Clock);
        var plan = history.Plan(target);
        var report = new CommandReport()
            .Set("current_generation", plan.Current)
            .Set("restored_generation", plan.Target)
            .Set("rows_dropped", new JsonObject(plan.RowsDropped.Select(r => KeyValuePair.Create(r.Key, (JsonNode?)r.Value))))
            .Set("forced", force);
        foreach (var (table, rows) in plan.RowsDropped.Where(r => r.Value > 0 || plan.Differs[r.Key]))
        {
            report.Line(rows > 0
                ? $"{table}: the {rows} row(s) added after generation {target} would be dropped"
                : $"{table}: its content of generation {target} would replace the current one");
        }
        if (!force)
        {
            return report.Line($"nothing changed: pass --force to make generation {target}'s content the next generation after {plan.Current}");
        }
        var outcome = history.Restore(target)
            ?? throw PlatformException.Conflict($"the billing state moved past generation {plan.Current} during the restore; nothing was changed, run it again");
        context.StateTransaction().EnsureExists();
        return report.Set("generation", outcome.NewGeneration)
            .Line($"restored: generation {outcome.NewGeneration} holds generation {target}'s content (recorded in history); the local copy {context.BillingStateDir} follows it");
    }

    private static Command Gc(CommonOptions options)
    {
        var keep = new Option<int>("--keep") { Description = "Keep what the newest N generations name", DefaultValueFactory = _ => StateGc.DefaultKeep }.InRange(1, StateGc.MaxKeep);
        var delete = new Option<bool>("--delete") { Description = "Delete the listed objects (without it, only list them)" };
        var gc = new Command("gc", "List (and with --delete, delete) store objects no recent generation names") { keep, delete };
        gc.SetBody(options, (parse, context) =>
        {
            var count = parse.GetValue(keep);
            var backend = Backend(context, "state gc");
            var head = backend.ReadHead() ?? throw PlatformException.BadInput(new Violation(null, null, null, null, "the store holds no generations in the v2 layout yet: nothing to collect"));
            var store = backend.Store;
            var release = store.GetRelease(ReleaseStoreBackend.Tag);
            var assets = release is null ? [] : store.ListAssets(release);
            var candidates = StateGc.Candidates(head.Manifest, assets, count, context.Clock.GetUtcNow());
            var deleting = parse.GetValue(delete);
            var report = new CommandReport()
                .Set("deleted", deleting)
                .Set("objects", new JsonArray(candidates.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["bytes"] = c.Bytes, ["why"] = c.Why }).ToArray()));
            foreach (var candidate in candidates)
            {
                if (deleting)
                {
                    store.DeleteAsset(release!, assets.First(a => a.Name == candidate.Name));
                }
                report.Line($"{(deleting ? "deleted" : "unused")}: {candidate.Name} ({candidate.Bytes} bytes): {candidate.Why}");
            }
            return report.Line(candidates.Count == 0
                ? $"nothing to collect: every object is named by one of the newest {count} generations or one of the last {StateGc.Window.TotalDays:0} days"
                : deleting ? $"deleted {candidates.Count} object(s)" : $"{candidates.Count} object(s) could go: pass --delete to delete them");
        });
        return gc;
    }

    private static ReleaseStoreBackend Backend(CommandContext context, string command) =>
        context.Store.Backend as ReleaseStoreBackend
        ?? throw PlatformException.BadInput(new Violation(null, null, "--store", context.StoreKind, $"{command} needs a release store (local or github): with --store none the folder keeps no history"));
}
