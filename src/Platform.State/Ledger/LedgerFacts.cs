using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Domain.Errors;
using Platform.State.Manifest;
using Platform.State.Tables;

namespace Platform.State.Ledger;

/// <summary>
/// What a full check of the large append-only tables established (the two ledger tables and
/// both logs), kept so that the next writer need not read them again (issue 12,
/// trusted prefixes): per table its checked length, last row, sha256
/// and the SHA-256 state to resume from, the file's size and modification time (trusted only while
/// they are unchanged, as git trusts its index); the sorted transaction IDs, item IDs, module run
/// IDs and idempotency keys and the posted top-ups' fingerprints (memory-mapped files, plus the few added
/// since in <c>facts.json</c>), the transaction count and every tenant's balance. Kept in <c>.objects/facts/</c> of the state folder.
/// </summary>
public sealed class LedgerFacts : IDisposable
{
    public const string FolderName = "facts";

    /// <summary>Values added since the sorted files were written, beyond which they are written again.</summary>
    private const int RewriteAbove = 16_384;

    /// <summary>
    /// The tables a writer takes from the facts. <c>workorders_log.csv</c> has no key and joins no
    /// rule, so its checked prefix needs no more than its hash state: without it every settlement
    /// would read the whole history of work orders again. <c>module_runs_log.csv</c> adds its run
    /// IDs, kept like the transaction IDs, so a repeated one is still found.
    /// </summary>
    public static readonly IReadOnlyList<TableSchema> Tables =
        [BillingTables.Transactions, BillingTables.TransactionItems, BillingTables.WorkOrdersLog, BillingTables.ModuleRunsLog];

    private static readonly string[] SortedNames = ["transaction_ids", "item_ids", "idempotency_keys", "topup_fingerprints", "module_run_ids"];

    private readonly SortedFile<ulong> transactionIds;
    private readonly SortedFile<ulong> itemIds;
    private readonly SortedFile<ulong> runIds;
    private readonly SortedFile<UInt128> keys;
    private readonly SortedFile<TopupFingerprint> topups;
    private readonly JsonObject root;

    private LedgerFacts(JsonObject root, SortedFile<ulong> transactionIds, SortedFile<ulong> itemIds, SortedFile<ulong> runIds, SortedFile<UInt128> keys,
        SortedFile<TopupFingerprint> topups)
    {
        this.root = root;
        this.transactionIds = transactionIds;
        this.itemIds = itemIds;
        this.runIds = runIds;
        this.keys = keys;
        this.topups = topups;
    }

    private static string Folder(string stateDir) => Path.Combine(stateDir, ".objects", FolderName);

    private static string JsonPath(string stateDir) => Path.Combine(Folder(stateDir), "facts.json");

    /// <summary>
    /// The facts of the folder's current generation, or null when there are none or they cannot be
    /// trusted: another generation, a table whose size, time or sha256 moved, a sorted file touched.
    /// </summary>
    public static LedgerFacts? TryLoad(string stateDir, StateManifest manifest, bool checkSortedFiles = true)
    {
        var path = JsonPath(stateDir);
        if (!ResumableSha256.IsAvailable || !File.Exists(path))
        {
            return null;
        }
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            if (root["generation"]!.GetValue<long>() != manifest.Generation)
            {
                return null;
            }
            foreach (var table in Tables)
            {
                var facts = root["tables"]![table.FileName]!;
                var extended = root["extended"]?[table.FileName];
                // A table a hydrate extended has the manifest's hash only with its extension; the rows added are checked by the next writer.
                var hashHolds = extended is not null || facts["sha256"]!.GetValue<string>() == manifest.HashOf(table.FileName)?.ToLowerInvariant();
                if (!hashHolds || !SameFile(Path.Combine(stateDir, table.FileName), extended ?? facts))
                {
                    return null;
                }
            }
            var sorted = root["sorted"]!;
            // Facts kept before top-up fingerprints or run IDs were (no such file) are not trusted: the next full read keeps them all.
            if (SortedNames.Any(n => sorted[n] is null)
                || (checkSortedFiles && !SortedNames.All(n => SameFile(Path.Combine(Folder(stateDir), n + ".bin"), sorted[n]!))))
            {
                return null;
            }
            return new LedgerFacts(root,
                SortedFile<ulong>.Open(Path.Combine(Folder(stateDir), "transaction_ids.bin")),
                SortedFile<ulong>.Open(Path.Combine(Folder(stateDir), "item_ids.bin")),
                SortedFile<ulong>.Open(Path.Combine(Folder(stateDir), "module_run_ids.bin")),
                SortedFile<UInt128>.Open(Path.Combine(Folder(stateDir), "idempotency_keys.bin")),
                SortedFile<TopupFingerprint>.Open(Path.Combine(Folder(stateDir), "topup_fingerprints.bin")));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException
            or FormatException or IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Sets the scans of <see cref="Tables"/> up from the facts, as if they had read their files.</summary>
    public void Seed(IReadOnlyDictionary<TableSchema, TableScan> scans, string stateDir)
    {
        var tables = root["tables"]!;
        var added = root["added"]!;
        var (transactions, items, runs) = Large(scans);
        transactions.Trust(
            PackedIdSet.Trusted(transactionIds, Numbers(added["transaction_ids"])),
            IdempotencyKeySet.Trusted(keys, (added["idempotency_keys"] as JsonArray ?? []).Select(k => Hash(k!.GetValue<string>()))),
            TopupFingerprints.Trusted(topups, (added["topup_fingerprints"] as JsonArray ?? []).Select(f => ParseFingerprint(f!.GetValue<string>()))),
            (root["balances"] as JsonObject ?? []).ToDictionary(b => ulong.Parse(b.Key, CultureInfo.InvariantCulture), b => b.Value!.GetValue<long>()),
            root["count"]!.GetValue<int>());
        items.Trust(PackedIdSet.Trusted(itemIds, Numbers(added["item_ids"])));
        runs.Trust(PackedIdSet.Trusted(runIds, Numbers(added["module_run_ids"])));
        foreach (var table in Tables)
        {
            var facts = tables[table.FileName]!;
            scans[table].Trust(Path.Combine(stateDir, table.FileName), facts["last_row"]!.GetValue<int>(), facts["sha256"]!.GetValue<string>(),
                RunningHash.Resume(Convert.FromBase64String(facts["state"]!.GetValue<string>()), facts["bytes"]!.GetValue<long>()));
        }
    }

    /// <summary>Where the checked prefix of a table ends, when a hydrate extended the table after it (rows to check before trusting).</summary>
    public long? ExtendedFrom(TableSchema table) =>
        root["extended"]?[table.FileName] is null ? null : root["tables"]![table.FileName]!["bytes"]!.GetValue<long>();

    /// <summary>The hash of the table as it is now (its checked prefix's state, then any extension read from disk).</summary>
    public RunningHash HashNow(string stateDir, TableSchema table)
    {
        var facts = root["tables"]![table.FileName]!;
        var hash = RunningHash.Resume(Convert.FromBase64String(facts["state"]!.GetValue<string>()), facts["bytes"]!.GetValue<long>());
        var path = Path.Combine(stateDir, table.FileName);
        var extra = new FileInfo(path).Length - hash.Length;
        if (extra > 0)
        {
            FileRange.Copy(path, hash.Length, extra, Stream.Null, hash);
        }
        return hash;
    }

    /// <summary>
    /// A hydrate appended the store's newer rows to <paramref name="tables"/> in place, making
    /// <paramref name="generation"/>: the facts of the checked prefix stay, the files' new identity is
    /// recorded, and the next writer checks the rows after the prefix before trusting anything.
    /// </summary>
    public static void RecordExtension(string stateDir, long generation, IReadOnlyCollection<TableSchema> tables)
    {
        var root = JsonNode.Parse(File.ReadAllText(JsonPath(stateDir)))!.AsObject();
        root["generation"] = generation;
        var extended = root["extended"] as JsonObject ?? [];
        foreach (var table in tables)
        {
            extended[table.FileName] = Identity(Path.Combine(stateDir, table.FileName));
        }
        root["extended"] = extended;
        AtomicFile.WriteAllText(JsonPath(stateDir), root.ToJsonString() + "\n");
    }

    /// <summary>
    /// Records the facts of the folder as committed at <paramref name="generation"/> (the scans hold
    /// the change too). Nothing is written where the hash state cannot be saved.
    /// </summary>
    public static void Save(string stateDir, long generation, IReadOnlyDictionary<TableSchema, TableScan> all)
    {
        var (transactions, items, runs) = Large(all);
        var scans = Tables.Select(t => all[t]).ToArray();
        var states = scans.Select(s => s.RunningHash?.Save()).ToArray();
        if (states.Any(s => s is null))
        {
            return;
        }
        var folder = Folder(stateDir);
        Directory.CreateDirectory(folder);
        var previous = File.Exists(JsonPath(stateDir)) ? JsonNode.Parse(File.ReadAllText(JsonPath(stateDir)))?["sorted"]?.DeepClone() : null;
        var rewrite = !transactions.Ids.IsTrusted || !items.Ids.IsTrusted || !runs.Ids.IsTrusted || !transactions.IdempotencyKeys.IsTrusted
            || !transactions.Topups.IsTrusted || previous is null
            || transactions.Ids.AddedSinceSealed.Count + items.Ids.AddedSinceSealed.Count + runs.Ids.AddedSinceSealed.Count
                + transactions.IdempotencyKeys.AddedSinceSealed.Count + transactions.Topups.AddedSinceSealed.Count > RewriteAbove;
        JsonNode sorted;
        JsonObject added;
        if (rewrite)
        {
            transactions.Ids.WriteSorted(Path.Combine(folder, "transaction_ids.bin"));
            items.Ids.WriteSorted(Path.Combine(folder, "item_ids.bin"));
            transactions.IdempotencyKeys.WriteSorted(Path.Combine(folder, "idempotency_keys.bin"));
            transactions.Topups.WriteSorted(Path.Combine(folder, "topup_fingerprints.bin"));
            runs.Ids.WriteSorted(Path.Combine(folder, "module_run_ids.bin"));
            sorted = new JsonObject(SortedNames.Select(n => KeyValuePair.Create(n, (JsonNode?)Identity(Path.Combine(folder, n + ".bin")))));
            added = new JsonObject(SortedNames.Select(n => KeyValuePair.Create(n, (JsonNode?)new JsonArray())));
        }
        else
        {
            sorted = previous!;
            added = new JsonObject
            {
                ["transaction_ids"] = new JsonArray(transactions.Ids.AddedSinceSealed.Select(v => (JsonNode)v).ToArray()),
                ["item_ids"] = new JsonArray(items.Ids.AddedSinceSealed.Select(v => (JsonNode)v).ToArray()),
                ["idempotency_keys"] = new JsonArray(transactions.IdempotencyKeys.AddedSinceSealed.Select(k => (JsonNode)Hex(k)).ToArray()),
                ["topup_fingerprints"] = new JsonArray(transactions.Topups.AddedSinceSealed.Select(f => (JsonNode)FingerprintText(f)).ToArray()),
                ["module_run_ids"] = new JsonArray(runs.Ids.AddedSinceSealed.Select(v => (JsonNode)v).ToArray()),
            };
        }
        var tables = new JsonObject();
        for (var i = 0; i < Tables.Count; i++)
        {
            var facts = Identity(Path.Combine(stateDir, Tables[i].FileName));
            facts["last_row"] = scans[i].LastRow;
            facts["sha256"] = scans[i].RunningHash!.CurrentHex();
            facts["state"] = Convert.ToBase64String(states[i]!);
            if (facts["bytes"]!.GetValue<long>() != scans[i].RunningHash!.Length)
            {
                // The file is not what was hashed (someone wrote to it meanwhile): keep no facts.
                Delete(stateDir);
                return;
            }
            tables[Tables[i].FileName] = facts;
        }
        var root = new JsonObject
        {
            ["generation"] = generation,
            ["count"] = transactions.Count,
            ["tables"] = tables,
            ["sorted"] = sorted,
            ["added"] = added,
            ["balances"] = new JsonObject(transactions.Balances.Select(b => KeyValuePair.Create(b.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)b.Value))),
        };
        AtomicFile.WriteAllText(JsonPath(stateDir), root.ToJsonString() + "\n");
    }

    /// <summary>
    /// <c>verify</c>: facts kept for this very generation must say what the full check found; any
    /// difference is reported and the facts are deleted, so no writer trusts them again.
    /// </summary>
    /// <param name="read">The scans of the full read.</param>
    /// <param name="blank">Fresh scans (nothing read) for the facts to be seeded into.</param>
    public static void Compare(string stateDir, StateManifest manifest, IReadOnlyDictionary<TableSchema, TableScan> read,
        IReadOnlyDictionary<TableSchema, TableScan> blank, ViolationLog log)
    {
        using var facts = TryLoad(stateDir, manifest, checkSortedFiles: false);
        if (facts is null)
        {
            return;
        }
        facts.Seed(blank, stateDir);
        var (transactions, items, runs) = Large(read);
        var (seeded, seededItems, seededRuns) = Large(blank);
        var differs = new List<string>();
        foreach (var table in Tables)
        {
            // A table a hydrate extended holds more rows than its checked prefix: only an unextended one must match.
            if (facts.ExtendedFrom(table) is null && blank[table].LastRow != read[table].LastRow)
            {
                differs.Add($"last row of {table.FileName} {blank[table].LastRow} (the table ends at row {read[table].LastRow})");
            }
        }
        if (seeded.Count != transactions.Count)
        {
            differs.Add($"count {seeded.Count} (the table holds {transactions.Count})");
        }
        if (!seeded.Balances.OrderBy(b => b.Key).SequenceEqual(transactions.Balances.Where(b => b.Value != 0 || seeded.Balances.ContainsKey(b.Key)).OrderBy(b => b.Key)))
        {
            differs.Add("tenant balances");
        }
        if (!seeded.Ids.SameValues(transactions.Ids))
        {
            differs.Add("transaction IDs");
        }
        if (!seededItems.Ids.SameValues(items.Ids))
        {
            differs.Add("item IDs");
        }
        if (!seededRuns.Ids.SameValues(runs.Ids))
        {
            differs.Add("module run IDs");
        }
        if (!seeded.IdempotencyKeys.SameValues(transactions.IdempotencyKeys))
        {
            differs.Add("idempotency keys");
        }
        if (!seeded.Topups.SameValues(transactions.Topups))
        {
            differs.Add("top-up fingerprints");
        }
        if (differs.Count > 0)
        {
            facts.Dispose();
            Delete(stateDir);
            log.Add(new Violation(Path.Combine(".objects", FolderName), null, null, null,
                $"the facts kept for generation {manifest.Generation} disagree with the ledger ({string.Join(", ", differs)}): deleted; the next posting checks the whole ledger and keeps them anew"));
        }
    }

    public static void Delete(string stateDir)
    {
        if (Directory.Exists(Folder(stateDir)))
        {
            Directory.Delete(Folder(stateDir), recursive: true);
        }
    }

    public void Dispose()
    {
        transactionIds.Dispose();
        itemIds.Dispose();
        runIds.Dispose();
        keys.Dispose();
        topups.Dispose();
    }

    private static (TransactionsScan, ItemsScan, PackedIdScan) Large(IReadOnlyDictionary<TableSchema, TableScan> scans) =>
        ((TransactionsScan)scans[BillingTables.Transactions], (ItemsScan)scans[BillingTables.TransactionItems], (PackedIdScan)scans[BillingTables.ModuleRunsLog]);

    private static string Hex(UInt128 hash) => hash.ToString("x32", CultureInfo.InvariantCulture);

    private static UInt128 Hash(string hex) => UInt128.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>A fingerprint in <c>facts.json</c>: key hash, content hash and packed transaction ID, in hex, separated by colons.</summary>
    private static string FingerprintText(TopupFingerprint f) =>
        string.Create(CultureInfo.InvariantCulture, $"{Hex(f.Key)}:{f.Content:x16}:{f.Transaction:x16}");

    private static TopupFingerprint ParseFingerprint(string text)
    {
        var parts = text.Split(':');
        return new TopupFingerprint(Hash(parts[0]), ulong.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            ulong.Parse(parts[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    private static IEnumerable<ulong> Numbers(JsonNode? array) => (array as JsonArray ?? []).Select(v => v!.GetValue<ulong>());

    private static JsonObject Identity(string path)
    {
        var file = new FileInfo(path);
        return new JsonObject { ["bytes"] = file.Length, ["mtime"] = file.LastWriteTimeUtc.Ticks };
    }

    private static bool SameFile(string path, JsonNode facts)
    {
        var file = new FileInfo(path);
        return file.Exists && file.Length == facts["bytes"]!.GetValue<long>() && file.LastWriteTimeUtc.Ticks == facts["mtime"]!.GetValue<long>();
    }
}
