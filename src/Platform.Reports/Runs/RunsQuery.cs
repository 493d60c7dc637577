using System.Text.Json.Nodes;
using Platform.Domain.Errors;
using Platform.Domain.Time;
using Platform.Reports.Reading;
using Platform.Reports.Reasons;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.Reports.Runs;

/// <summary>
/// <c>platform runs</c>: work orders' attempts from workorders_log.csv with their module runs from
/// module_runs_log.csv, statuses, reasons (as reason_catalog.csv words) and durations.
/// </summary>
public static class RunsQuery
{
    public static RunsPage Read(string repoRoot, StateDirectory directory, ReasonCatalog reasons, RunsFilter filter)
    {
        if (filter.Status is { } wanted && !RunsFilter.Statuses.Contains(wanted))
        {
            throw PlatformException.BadInput(new Violation(null, null, "--status", wanted, $"must be one of {string.Join(", ", RunsFilter.Statuses)}"));
        }
        var tenant = filter.Tenant?.Value;
        var attempts = new Dictionary<(string, string, string), WorkOrderAttempt>();
        var order = new List<(string, string, string)>();
        var tenantSeen = false;
        var log = BillingTables.WorkOrdersLog;
        int wo = log.IndexOf("work_order_id"), owner = log.IndexOf("tenant_id"), status = log.IndexOf("status"), created = log.IndexOf("created_at"),
            started = log.IndexOf("started_at"), ended = log.IndexOf("ended_at"), metadataColumn = log.IndexOf("metadata_json");
        StateRows.Read(directory, log, (row, number) =>
        {
            if (tenant is not null && !row[owner].SequenceEqual(tenant))
            {
                return;
            }
            tenantSeen = true;
            var metadata = MetadataJson.Parse(row[metadataColumn].ToString());
            var attempt = Int(metadata?["attempt"]);
            // Uncharged failures (attempt 0) are each their own entry; charged attempts fold their RUNNING and final rows.
            var key = (row[owner].ToString(), row[wo].ToString(), attempt is 0 ? $"0#{number}" : attempt?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
            var begun = row[started].Length > 0 ? row[started].ToString() : row[created].ToString();
            var previous = attempts.GetValueOrDefault(key);
            if (previous is null)
            {
                order.Add(key);
            }
            var start = previous?.StartedAt is { Length: > 0 } s ? s : begun;
            var end = row[ended].ToString();
            var codes = (metadata?["reason_codes"] as JsonArray)?.Select(n => n is JsonValue v && v.TryGetValue<string>(out var c) ? c : null).OfType<string>()
                .Select(reasons.Describe).ToList() ?? [];
            attempts[key] = new WorkOrderAttempt(key.Item1, key.Item2, attempt, row[status].ToString(), start, end, Seconds(start, end), codes,
                MetadataJson.Number(metadata, "charged") ?? previous?.Charged, MetadataJson.Number(metadata, "refunded"), previous?.Modules ?? []);
        });
        if (filter.Tenant is { } t && !tenantSeen && !KnownNames.TenantHasFile(repoRoot, t))
        {
            throw KnownNames.NamesNothing("--tenant", t.Value, "tenant in tenants/ or workorders_log.csv");
        }
        AddModuleRuns(directory, reasons, attempts);
        var matching = order.Select(k => attempts[k]).Where(a => filter.Status is null || a.Status == filter.Status).ToList();
        var kept = filter.Limit > 0 && matching.Count > filter.Limit ? matching[^filter.Limit..] : matching;
        return new RunsPage(kept, matching.Count);
    }

    private static void AddModuleRuns(StateDirectory directory, ReasonCatalog reasons, Dictionary<(string, string, string), WorkOrderAttempt> attempts)
    {
        var runs = BillingTables.ModuleRunsLog;
        int id = runs.IndexOf("module_run_id"), owner = runs.IndexOf("tenant_id"), wo = runs.IndexOf("work_order_id"), module = runs.IndexOf("module_id"),
            status = runs.IndexOf("status"), started = runs.IndexOf("started_at"), ended = runs.IndexOf("ended_at"), reason = runs.IndexOf("reason_code"),
            metadataColumn = runs.IndexOf("metadata_json");
        StateRows.Read(directory, runs, (row, _) =>
        {
            var attempt = Int(MetadataJson.Parse(row[metadataColumn].ToString())?["attempt"]);
            var key = (row[owner].ToString(), row[wo].ToString(), attempt?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
            if (attempts.TryGetValue(key, out var found))
            {
                found.Modules.Add(new ModuleRunView(row[id].ToString(), row[module].ToString(), row[status].ToString(),
                    reasons.Describe(row[reason].ToString()), Seconds(row[started].ToString(), row[ended].ToString())));
            }
        });
    }

    private static double? Seconds(string start, string end) =>
        Timestamp.TryParse(start, out var a) && Timestamp.TryParse(end, out var b) ? (b - a).TotalSeconds : null;

    private static int? Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;

}
