using System.Globalization;
using System.Security.Cryptography;
using Platform.Domain.Errors;
using Platform.State.Ledger;
using Platform.State.Manifest;
using Platform.State.Tables;
using Platform.State.Tables.Rows;

namespace Platform.State.Transactions;

/// <summary>Committing a change to the loaded state: every ledger rule checked on the whole, then the next generation written.</summary>
public sealed partial class BillingState
{
    /// <summary>
    /// Checks the change against every ledger rule together with the state, then writes it as the
    /// next generation: appended tables are copied and extended, current-row tables rewritten, the
    /// manifest written last; all of it committed at once.
    /// </summary>
    public StateManifest Commit(StateChange change)
    {
        var replaced = Check(change);
        Directory.BeginCommit();
        return Write(change, replaced);
    }

    /// <summary>
    /// Adds the change to the scans and checks every ledger rule on the whole; throws (exit 1: the
    /// platform built a bad change) when one breaks. Returns the tables the change rewrites whole.
    /// </summary>
    private Dictionary<TableSchema, IReadOnlyList<IReadOnlyList<string>>> Check(StateChange change)
    {
        var log = new ViolationLog();
        foreach (var scan in scans.Values)
        {
            scan.RedirectLog(log);
        }
        foreach (var (table, rows) in change.Appends)
        {
            scans[table].AddPending(rows);
        }
        var creditRows = NewCreditRows(change);
        var replaced = new Dictionary<TableSchema, IReadOnlyList<IReadOnlyList<string>>>(change.Replacements)
        {
            [BillingTables.TenantsCredits] = creditRows,
        };
        foreach (var (table, rows) in replaced)
        {
            scans[table].ResetRows();
            scans[table].AddPending(rows);
        }
        CheckJoins(log);
        if (log.Count > 0)
        {
            throw new PlatformException(ExitCode.Unexpected,
                [Violation.Of("refusing to write a change that breaks the ledger rules"), .. log.Violations]);
        }
        return replaced;
    }

    /// <summary>Writes the next generation into the pending folder (the manifest last) and commits it.</summary>
    private StateManifest Write(StateChange change, Dictionary<TableSchema, IReadOnlyList<IReadOnlyList<string>>> replaced)
    {
        var hashes = BillingTables.All.ToDictionary(t => t.FileName, t => Manifest.HashOf(t.FileName) ?? scans[t].FileSha256!);
        var written = new List<string>();
        // The append-only tables are the large ones: each is copied, extended and flushed to disk on
        // its own thread, so the copies and the disk writes of both overlap each other and the rest.
        var extensions = new List<Task>();
        var inPlace = change.Appends.Keys.Where(IsTrustedTable).ToList();
        if (inPlace.Count > 0)
        {
            Directory.RecordAppends(inPlace.ToDictionary(t => t.FileName, t => new FileInfo(Directory.PathOf(t.FileName)).Length));
        }
        var encoded = new List<EncodedRows>();
        try
        {
            foreach (var (table, rows) in change.Appends)
            {
                var bytes = EncodedRows.Of(table, rows, writeHeader: false);
                encoded.Add(bytes);
                var source = Directory.PathOf(table.FileName);
                var hash = scans[table].RunningHash!;
                hash.Append(bytes.Memory.Span);
                hashes[table.FileName] = hash.CurrentHex();
                if (IsTrustedTable(table))
                {
                    TableAppends.InPlace(source, bytes.Memory);
                    continue;
                }
                var pending = Directory.PendingPathOf(table.FileName);
                var copy = scans[table].TakeCopy();
                extensions.Add(Task.Run(() => TableAppends.ToCopy(copy, source, pending, bytes.Memory)));
                written.Add(table.FileName);
            }
            foreach (var (table, rows) in replaced)
            {
                using var bytes = EncodedRows.Of(table, rows, writeHeader: true);
                using (var file = new FileStream(Directory.PendingPathOf(table.FileName), FileMode.Create, FileAccess.Write))
                {
                    file.Write(bytes.Memory.Span);
                }
                hashes[table.FileName] = Convert.ToHexStringLower(SHA256.HashData(bytes.Memory.Span));
                written.Add(table.FileName);
            }
            return Finish(change, hashes, written, extensions);
        }
        finally
        {
            // The copies have ended here (finished or failed) before their buffers go back to the pool.
            Task.WhenAny(Task.WhenAll(extensions)).GetAwaiter().GetResult();
            encoded.ForEach(e => e.Dispose());
        }
    }

    /// <summary>Writes the manifest last, waits for the copies, commits the pending folder and keeps the ledger facts.</summary>
    private StateManifest Finish(StateChange change, Dictionary<string, string> hashes, List<string> written, List<Task> extensions)
    {
        var next = StateManifest.Next(Manifest, change.Now,
            BillingTables.All.Select(t => new ManifestAsset(t.FileName, hashes[t.FileName])).ToList());
        File.WriteAllText(Directory.PendingPathOf(BillingTables.ManifestFileName), next.ToJson(), CsvFormat.Utf8);
        written.Add(BillingTables.ManifestFileName);
        // Rethrows the first failure itself (an IOException, say), not wrapped.
        Task.WhenAll(extensions).GetAwaiter().GetResult();
        Directory.Commit(written);
        KeepFacts(next.Generation);
        return next;
    }

    private bool IsTrustedTable(TableSchema table) => trusted is not null && LedgerFacts.Tables.Contains(table);

    /// <summary>
    /// Records the facts of the generation just committed for the next writer. Facts are a cache:
    /// if they cannot be written, they are dropped and the next writer reads the tables whole.
    /// </summary>
    private void KeepFacts(long generation)
    {
        try
        {
            LedgerFacts.Save(Directory.Path, generation, scans);
        }
        catch (IOException)
        {
            LedgerFacts.Delete(Directory.Path);
        }
    }

    private List<IReadOnlyList<string>> NewCreditRows(StateChange change)
    {
        var touched = new HashSet<ulong>();
        foreach (var fields in change.Appends.GetValueOrDefault(BillingTables.Transactions) ?? [])
        {
            LedgerText.TryPackId(fields[TransactionColumns.Tenant], out var tenant);
            touched.Add(tenant);
        }
        foreach (var tenant in change.TenantStatuses.Keys)
        {
            touched.Add(Pack(tenant));
        }
        var rows = Credits.Rows.ToDictionary(r => r.Key, r => (IReadOnlyList<string>)r.Value.Fields);
        foreach (var tenant in touched)
        {
            var id = LedgerText.UnpackId(tenant);
            var balance = Transactions.Balances.GetValueOrDefault(tenant).ToString(CultureInfo.InvariantCulture);
            var status = change.TenantStatuses.FirstOrDefault(s => s.Key.Value == id).Value
                ?? (Credits.Rows.TryGetValue(tenant, out var old) ? TenantCreditsRow.StatusOf(old.Fields).ToUpperInvariant() : "ACTIVE");
            rows[tenant] = new TenantCreditsRow(id, balance, change.NowText, status).Fields();
        }
        return rows.OrderBy(r => TenantCreditsRow.TenantOf(r.Value), StringComparer.Ordinal).Select(r => r.Value).ToList();
    }
}
