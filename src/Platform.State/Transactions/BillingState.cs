using System.Collections.Concurrent;
using Platform.Domain;
using Platform.Domain.Errors;
using Platform.Domain.Ids;
using Platform.State.Ledger;
using Platform.State.Manifest;
using Platform.State.Tables;
using Platform.State.Tables.Rows;

namespace Platform.State.Transactions;

/// <summary>
/// A billing state read from its folder and checked against every ledger rule and the manifest.
/// Large tables are streamed, never held: what stays in memory is what the rules and the
/// idempotency checks need (packed IDs, sums, hashed keys). Committing a change is in
/// BillingState.Commit.cs.
/// </summary>
public sealed partial class BillingState
{
    /// <summary>Smaller tables are simply copied when committed.</summary>
    private const long CopyWhileScanningFrom = 4 << 20;

    private readonly Dictionary<TableSchema, TableScan> scans;

    /// <summary>The facts a writer trusted instead of reading the large tables (issue 12), or null after a full read.</summary>
    private readonly LedgerFacts? trusted;

    private BillingState(StateDirectory directory, StateManifest manifest, Dictionary<TableSchema, TableScan> scans, LedgerFacts? trusted)
    {
        Directory = directory;
        Manifest = manifest;
        this.scans = scans;
        this.trusted = trusted;
    }

    /// <summary>True when the large tables were taken from the facts of their checked prefix, not read.</summary>
    public bool IsTrusted => trusted is not null;

    public StateDirectory Directory { get; }

    public StateManifest Manifest { get; }

    private TransactionsScan Transactions => (TransactionsScan)scans[BillingTables.Transactions];

    private ItemsScan Items => (ItemsScan)scans[BillingTables.TransactionItems];

    private TenantCreditsScan Credits => (TenantCreditsScan)scans[BillingTables.TenantsCredits];

    public long TransactionCount => Transactions.Count;

    /// <summary>Reads and checks the state; throws a bad-input error listing every violation.</summary>
    /// <param name="toleratesUnexplainedBalances">
    /// True only for adopting a state the Python platform wrote: balances its transactions do not
    /// explain are then no error, so the adopter can post them (<see cref="UnexplainedBalances"/>);
    /// the commit still checks every rule.
    /// </param>
    public static BillingState Load(StateDirectory directory, bool toleratesUnexplainedBalances = false)
    {
        var (state, log) = Inspect(directory, keepCopies: true);
        if (toleratesUnexplainedBalances && log.Count <= ViolationLog.Kept)
        {
            var rest = new ViolationLog();
            foreach (var violation in log.Violations.Where(v => !IsUnexplainedBalance(v)))
            {
                rest.Add(violation);
            }
            log = rest;
        }
        log.ThrowIfAny();
        return state!;
    }

    private static bool IsUnexplainedBalance(Violation violation) =>
        violation.File == BillingTables.TenantsCredits.FileName && violation.Field == "credits_available" &&
        violation.Message.StartsWith(LedgerJoin.UnexplainedBalance, StringComparison.Ordinal);

    /// <summary>Tenants whose tenants_credits.csv balance differs from the sum of their transactions, in tenant order.</summary>
    public IReadOnlyList<(TenantId Tenant, Credits Recorded, Credits Explained)> UnexplainedBalances() =>
        Credits.Rows
            .Select(r => (Id: LedgerText.UnpackId(r.Key), Recorded: r.Value.Credits, Explained: Transactions.Balances.GetValueOrDefault(r.Key)))
            .Where(r => r.Recorded != r.Explained)
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => (TenantId.Parse(r.Id, "tenant_id"), new Credits(r.Recorded), new Credits(r.Explained)))
            .ToList();

    /// <summary>Reads and checks the state, returning the violations instead of throwing.</summary>
    public static (BillingState? State, ViolationLog Log) Inspect(StateDirectory directory) => Inspect(directory, keepCopies: false);

    /// <summary>Checks the folder's tables against <paramref name="manifest"/> instead of the one on disk (a restore of a folder without one).</summary>
    public static ViolationLog InspectAgainst(StateDirectory directory, StateManifest manifest) => Inspect(directory, keepCopies: false, manifest).Log;

    /// <summary>
    /// A state is loaded to be changed: the large tables are then taken from the facts of their
    /// checked prefix when those can be trusted (<see cref="LedgerFacts"/>), and otherwise copied
    /// while they are scanned (see <see cref="ScanCopy"/>), so the commit need not copy them again.
    /// A state loaded to be checked (verify) is always read whole, and the facts compared with it.
    /// </summary>
    private static (BillingState? State, ViolationLog Log) Inspect(StateDirectory directory, bool keepCopies, StateManifest? given = null)
    {
        var log = new ViolationLog();
        var manifestPath = directory.PathOf(BillingTables.ManifestFileName);
        if (given is null && !File.Exists(manifestPath))
        {
            log.Add(new Violation(BillingTables.ManifestFileName, null, null, null, $"is missing from {directory.Path}"));
            return (null, log);
        }
        var manifest = given ?? StateManifest.Read(manifestPath);
        var missing = BillingTables.All.Where(t => !directory.Exists(t.FileName)).ToList();
        foreach (var table in missing)
        {
            log.Add(new Violation(table.FileName, null, null, null, $"is missing from {directory.Path}"));
        }
        if (missing.Count > 0)
        {
            return (null, log);
        }
        var trusted = keepCopies && given is null ? LedgerFacts.TryLoad(directory.Path, manifest) : null;
        var scans = NewScans(directory, log, sized: trusted is null);
        trusted?.Seed(scans, directory.Path);
        foreach (var table in trusted is null ? [] : LedgerFacts.Tables)
        {
            if (trusted!.ExtendedFrom(table) is { } from)
            {
                scans[table].ScanExtension(directory.PathOf(table.FileName), from);
            }
        }
        // Largest first, handed out one at a time (no chunks): the two large tables start at once on
        // the two cores, and the small ones go to whichever core is free first.
        var order = BillingTables.All
            .Where(t => trusted is null || !LedgerFacts.Tables.Contains(t))
            .OrderByDescending(t => new FileInfo(directory.PathOf(t.FileName)).Length).ToList();
        Parallel.ForEach(Partitioner.Create(order, EnumerablePartitionerOptions.NoBuffering), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, table =>
        {
            try
            {
                var path = directory.PathOf(table.FileName);
                scans[table].ScanFile(path, keepCopies && table.AppendOnly && new FileInfo(path).Length >= CopyWhileScanningFrom, strictDialect: true);
            }
            catch (OverflowException)
            {
                log.Add(new Violation(table.FileName, null, "amount_credits", null, "amounts sum beyond the 64-bit range"));
            }
        });
        foreach (var table in BillingTables.All)
        {
            var expected = manifest.HashOf(table.FileName);
            var actual = scans[table].FileSha256;
            if (expected is null)
            {
                log.Add(new Violation(BillingTables.ManifestFileName, null, "assets", table.FileName, "lists no sha256 for this asset"));
            }
            else if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
            {
                log.Add(new Violation(table.FileName, null, "sha256", actual, $"differs from the manifest's {expected}"));
            }
        }
        var state = new BillingState(directory, manifest, scans, trusted);
        state.CheckJoins(log);
        if (!keepCopies && given is null)
        {
            LedgerFacts.Compare(directory.Path, manifest, scans, NewScans(directory, new ViolationLog(), sized: false), log);
        }
        return (state, log);
    }

    /// <param name="sized">
    /// False when the large tables are taken from trusted facts: only their extension is read then,
    /// and arrays sized for the whole table would be large objects allocated and dropped by every
    /// transaction (each one a full collection).
    /// </param>
    private static Dictionary<TableSchema, TableScan> NewScans(StateDirectory directory, ViolationLog log, bool sized)
    {
        int Expected(TableSchema table, int bytesPerRow)
        {
            var path = directory.PathOf(table.FileName);
            return sized && File.Exists(path) ? (int)Math.Min(new FileInfo(path).Length / bytesPerRow, 50_000_000) : 0;
        }
        var scans = BillingTables.All.ToDictionary(t => t, t => new TableScan(t, log));
        // Rows are rarely shorter than this; a slightly large guess beats growing arrays of millions by doubling.
        scans[BillingTables.Transactions] = new TransactionsScan(log, Expected(BillingTables.Transactions, 90));
        scans[BillingTables.TransactionItems] = new ItemsScan(log, Expected(BillingTables.TransactionItems, 64));
        scans[BillingTables.ModuleRunsLog] = new PackedIdScan(BillingTables.ModuleRunsLog, log, Expected(BillingTables.ModuleRunsLog, 200));
        scans[BillingTables.TenantsCredits] = new TenantCreditsScan(log);
        scans[BillingTables.ReleasesMap] = new ReleasesMapScan(log);
        scans[BillingTables.AssetsMap] = new AssetsMapScan(log);
        return scans;
    }

    private void CheckJoins(ViolationLog log)
    {
        try
        {
            LedgerJoin.Check(Transactions, Items, Credits, (ReleasesMapScan)scans[BillingTables.ReleasesMap],
                (AssetsMapScan)scans[BillingTables.AssetsMap], log);
        }
        catch (OverflowException)
        {
            log.Add(new Violation(BillingTables.TransactionItems.FileName, null, "amount_credits", null, "amounts sum beyond the 64-bit range"));
        }
    }

    public bool IsPosted(string idempotencyKey) => Transactions.IdempotencyKeys.SealAndContains(IdempotencyKey.Hash(idempotencyKey));

    /// <summary>Posted top-ups by idempotency key, read from transactions.csv: the content a repeated key is compared with.</summary>
    public IReadOnlyDictionary<string, PostedTopup> FindTopups(IReadOnlySet<string> keys) =>
        PostedTopups.Find(Directory.PathOf(BillingTables.Transactions.FileName), keys);

    /// <summary>The posted TOPUP of this key when it holds exactly <paramref name="content"/> (by fingerprint), else null.</summary>
    public TopupFingerprint? PostedAs(TopupContent content) =>
        Transactions.Topups.Find(IdempotencyKey.Hash(content.Key)) is { } posted && posted.Holds(content) ? posted : null;

    /// <summary>
    /// The posted top-ups among <paramref name="expected"/> whose tenant, method or amount differ
    /// from what is expected: compared by fingerprint, so transactions.csv is read only when one
    /// differs (a conflict), and then to name what was posted. Keys posted as no TOPUP are left out.
    /// </summary>
    public IReadOnlyDictionary<string, PostedTopup> PostedOtherwise(IEnumerable<TopupContent> expected)
    {
        var differing = expected.Where(c => Transactions.Topups.Find(IdempotencyKey.Hash(c.Key)) is { } posted && !posted.Holds(c))
            .Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        return differing.Count == 0 ? new Dictionary<string, PostedTopup>() : FindTopups(differing);
    }

    public bool IsTransactionIdTaken(string id) =>
        id.Length == IdKind.Transaction.Length && LedgerText.TryPackId(id, out var packed) && Transactions.Ids.SealAndContains(packed);

    public bool IsItemIdTaken(string id) =>
        id.Length == IdKind.TransactionItem.Length && LedgerText.TryPackId(id, out var packed) && Items.IsTaken(packed);

    /// <summary>True when a row with this key exists in a keyed table (other than the two ledger tables).</summary>
    public bool IsKeyTaken(TableSchema table, string key) => scans[table].HasKey(key);

    public Credits BalanceOf(TenantId tenant) =>
        new(Transactions.Balances.GetValueOrDefault(Pack(tenant)));

    public string? StatusOf(TenantId tenant) => Credits.Rows.TryGetValue(Pack(tenant), out var row) ? TenantCreditsRow.StatusOf(row.Fields) : null;

    /// <summary>Current rows of a small, current-row table (tenants_credits.csv, cache_index.csv).</summary>
    public IReadOnlyList<IReadOnlyList<string>> CurrentRows(TableSchema table) =>
        table.AppendOnly ? throw new InvalidOperationException($"{table.FileName} is streamed, not held.") : scans[table].Rows;

    public StateChange NewChange(DateTimeOffset now) => new(this, now);

    private static ulong Pack(TenantId tenant)
    {
        LedgerText.TryPackId(tenant.Value, out var packed);
        return packed;
    }
}
