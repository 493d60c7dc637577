using System.Text.Json.Nodes;
using Platform.Domain.Errors;
using Platform.State.Tables;
using Platform.State.Transactions;
using Platform.State.Tables.Rows;

namespace Platform.Orchestration.Planning;

/// <summary>What the log says about one work order: its last charged attempt and whether it finished.</summary>
public sealed record WorkOrderRecord(string Revision, int Attempt, bool Finished, string LastStatus, JsonObject? Metadata);

/// <summary>
/// The work order log and promotion redemptions, read once per transaction: which work orders were
/// begun or finished (at which revision and attempt), and how often each tenant used each promotion.
/// The log is streamed row by row; what is kept grows with the work orders and revisions, not the runs.
/// </summary>
public sealed class WorkOrderHistory
{
    /// <summary>The log status of a charged attempt not yet settled.</summary>
    public static readonly string Running = WorkOrderStatus.Running.Text();
    private readonly Dictionary<(string Tenant, string WorkOrder), WorkOrderRecord> records = [];
    private readonly Dictionary<(string Tenant, string WorkOrder), string> lastUncharged = [];
    private readonly Dictionary<(string Tenant, string WorkOrder, string Revision), int> finishedAttempts = [];
    private readonly Dictionary<(string Tenant, string Code), int> redemptions = [];
    private readonly Dictionary<(string Tenant, string WorkOrder), Violation> unreadable = [];

    public static WorkOrderHistory Read(BillingState state) =>
        FromRows(Rows(state, BillingTables.WorkOrdersLog), Rows(state, BillingTables.PromotionRedemptions));

    /// <param name="log">workorders_log.csv rows without the header.</param>
    /// <param name="redemptions">promotion_redemptions.csv rows without the header.</param>
    public static WorkOrderHistory FromRows(IEnumerable<string[]> log, IEnumerable<string[]> redemptions)
    {
        var history = new WorkOrderHistory();
        var number = 1L;
        foreach (var row in log.Select(WorkOrderLogRow.Read))
        {
            number++;
            var key = (row.TenantId, row.WorkOrderId);
            try
            {
                history.Add(key, row.Status, Metadata(row.MetadataJson));
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or PlatformException)
            {
                history.unreadable[key] = new Violation(BillingTables.WorkOrdersLog.FileName, number, "metadata_json", row.MetadataJson,
                    "unreadable (revision, attempt or charges of the wrong type): the work order is held until a later row supersedes it");
            }
        }
        foreach (var row in redemptions.Select(RedemptionRow.Read))
        {
            var key = (row.TenantId, row.PromoCode);
            history.redemptions[key] = history.redemptions.GetValueOrDefault(key) + 1;
        }
        return history;
    }

    /// <summary>
    /// Why the last log row of a work order that was charged cannot be read, or null. Such a work order
    /// is neither charged nor run nor refunded: guessing its state could charge it twice.
    /// </summary>
    public Violation? Unreadable(TenantId tenant, WorkOrderId workOrder) => unreadable.GetValueOrDefault((tenant.Value, workOrder.Value));

    public WorkOrderRecord? Last(TenantId tenant, WorkOrderId workOrder) => records.GetValueOrDefault((tenant.Value, workOrder.Value));

    /// <summary>The highest attempt that finished at this revision (0 when none did).</summary>
    public int FinishedAttempts(TenantId tenant, WorkOrderId workOrder, string revision) =>
        finishedAttempts.GetValueOrDefault((tenant.Value, workOrder.Value, revision));

    /// <summary>The status and reason of the last uncharged failure logged, to avoid logging the same one every run.</summary>
    public string? LastUncharged(TenantId tenant, WorkOrderId workOrder) => lastUncharged.GetValueOrDefault((tenant.Value, workOrder.Value));

    public int Redemptions(TenantId tenant, string code) => redemptions.GetValueOrDefault((tenant.Value, code));

    /// <summary>Counts a redemption made by the change being built, so a batch respects max_uses_per_tenant too.</summary>
    public void AddRedemption(TenantId tenant, string code) =>
        redemptions[(tenant.Value, code)] = Redemptions(tenant, code) + 1;

    private void Add((string Tenant, string WorkOrder) key, string status, JsonObject? metadata)
    {
        var revision = metadata?["revision"]?.GetValue<string>() ?? "";
        var attempt = metadata?["attempt"]?.GetValue<int>() ?? 0;
        if (attempt == 0)
        {
            lastUncharged[key] = status + ":" + (metadata?["reason"]?.GetValue<string>() ?? "");
            return;
        }
        var finished = status != Running;
        if (!finished)
        {
            // What a resumed or abandoned attempt refunds comes from here: it must read now, not mid-charge.
            _ = ChargeRecord.FromJson(metadata);
        }
        unreadable.Remove(key);
        records[key] = new WorkOrderRecord(revision, attempt, finished, status, metadata);
        if (finished)
        {
            var rev = (key.Tenant, key.WorkOrder, revision);
            finishedAttempts[rev] = Math.Max(finishedAttempts.GetValueOrDefault(rev), attempt);
        }
    }

    /// <summary>The table's rows one at a time: the work order log grows with every run and is never held whole.</summary>
    private static IEnumerable<string[]> Rows(BillingState state, TableSchema table)
    {
        using var text = new StreamReader(state.Directory.PathOf(table.FileName), CsvFormat.Utf8);
        foreach (var row in CsvFormat.ReadEach(text).Skip(1))
        {
            yield return row;
        }
    }

    private static JsonObject? Metadata(string json)
    {
        try
        {
            return json.Length == 0 ? null : JsonNode.Parse(json) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
