using System.Security.Cryptography;
using Platform.Domain.Errors;
using Platform.Files.Csv;
using Platform.State.Ledger;
using Platform.State.Manifest;
using Platform.State.Stores.Releases;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.State.Stores.Generations;

/// <summary>
/// Makes the local folder hold one generation (SPEC 8.3, hydrate). A table whose local copy already
/// has the generation's sha256 is left alone; otherwise the bytes the local copy is known to hold (the
/// prefix recorded in the object cache's head) are kept, and only what follows them is fetched: from
/// the manifest's tail, or from packs, which are downloaded only when not held. Every assembled file is
/// checked against the manifest's sha256 (a kept prefix that disagrees is rebuilt from the objects),
/// and the folder changes in one local commit.
/// </summary>
internal sealed class GenerationReader(IReleaseStore store, Func<StoreRelease> release, StateDirectory directory, ObjectCache cache)
{
    private IReadOnlyList<StoreAsset>? listed;

    /// <summary>The release's assets, listed once however many packs are fetched.</summary>
    private IReadOnlyList<StoreAsset> Assets() => listed ??= store.ListAssets(release());

    public void Hydrate(GenerationManifest manifest, string commit) => Hydrate(manifest, commit, allowInPlace: true);

    /// <summary>Thrown (and caught here) when rows appended in place do not give the manifest's sha256: the table is rebuilt instead.</summary>
    private sealed class NotAnExtension : Exception;

    private void Hydrate(GenerationManifest manifest, string commit, bool allowInPlace)
    {
        var localPath = directory.PathOf(BillingTables.ManifestFileName);
        var local = File.Exists(localPath) ? StateManifest.Read(localPath) : null;
        var head = cache.ReadHead();
        var stale = BillingTables.All
            .Where(t => !directory.Exists(t.FileName) || local?.HashOf(t.FileName) != Entry(manifest, t).Sha256)
            .ToList();
        var next = new StateManifest(manifest.Generation, manifest.CreatedAt,
            BillingTables.All.Select(t => new ManifestAsset(t.FileName, Entry(manifest, t).Sha256)).ToList()) { History = manifest.History };
        if (stale.Count == 0 && local?.Generation == manifest.Generation)
        {
            RecordHead(commit, manifest, head);
            return;
        }
        long Kept(TableSchema table) => table.AppendOnly && head?.Manifest.Tables.GetValueOrDefault(table.FileName) is { } known ? known.Bytes : 0;
        using var facts = local is null ? null : LedgerFacts.TryLoad(directory.Path, local);
        // The large tables a writer trusts grow in place when the store only added rows to what this
        // folder holds: the facts stay, and the next writer checks just the rows added.
        var inPlace = facts is null || !allowInPlace ? [] : stale
            .Where(t => LedgerFacts.Tables.Contains(t)
                && Kept(t) == new FileInfo(directory.PathOf(t.FileName)).Length && Kept(t) <= Entry(manifest, t).Bytes)
            .ToList();
        directory.BeginCommit();
        try
        {
            if (inPlace.Count > 0)
            {
                directory.RecordAppends(inPlace.ToDictionary(t => t.FileName, t => Kept(t)));
            }
            foreach (var table in stale)
            {
                if (inPlace.Contains(table))
                {
                    AppendInPlace(table, manifest, facts!, Kept(table));
                    continue;
                }
                Assemble(table, manifest, Kept(table));
            }
            File.WriteAllText(directory.PendingPathOf(BillingTables.ManifestFileName), next.ToJson(), CsvFormat.Utf8);
            directory.Commit([.. stale.Except(inPlace).Select(t => t.FileName), BillingTables.ManifestFileName]);
        }
        catch (NotAnExtension)
        {
            directory.Discard();
            facts?.Dispose();
            Hydrate(manifest, commit, allowInPlace: false);
            return;
        }
        catch
        {
            directory.Discard();
            throw;
        }
        if (inPlace.Count > 0)
        {
            LedgerFacts.RecordExtension(directory.Path, manifest.Generation, inPlace);
        }
        RecordHead(commit, manifest, head);
    }

    /// <summary>
    /// Appends the generation's bytes after <paramref name="kept"/> to the table itself (journalled by
    /// the caller), checking the whole file's sha256 from the facts' hash state: the prefix is not read.
    /// </summary>
    private void AppendInPlace(TableSchema table, GenerationManifest manifest, LedgerFacts facts, long kept)
    {
        var entry = Entry(manifest, table);
        using var hash = facts.HashNow(directory.Path, table);
        using (var output = new FileStream(directory.PathOf(table.FileName), FileMode.Append, FileAccess.Write))
        {
            WriteAfter(table, manifest, CsvFormat.Utf8.GetBytes(entry.Tail), kept, output, hash);
            output.Flush(flushToDisk: true);
        }
        if (hash.CurrentHex() != entry.Sha256)
        {
            // The store's table is not this folder's plus rows (a restore, say): cut back and rebuild it.
            throw new NotAnExtension();
        }
    }

    private void RecordHead(string commit, GenerationManifest manifest, (string Commit, GenerationManifest Manifest)? head)
    {
        if (head?.Commit != commit)
        {
            cache.WriteHead(commit, manifest);
        }
        cache.DropPacks();
    }

    private static TableEntry Entry(GenerationManifest manifest, TableSchema table) =>
        manifest.Tables.GetValueOrDefault(table.FileName) ?? throw PlatformException.BadInput(new Violation(GenerationManifest.FileName, null, "tables", table.FileName,
            $"generation {manifest.Generation} lists no such table"));

    /// <summary>Writes the table into the pending folder: <paramref name="kept"/> bytes of the local copy, then the rest from the objects.</summary>
    private void Assemble(TableSchema table, GenerationManifest manifest, long kept)
    {
        var entry = Entry(manifest, table);
        var source = directory.PathOf(table.FileName);
        if (kept > entry.Bytes || !File.Exists(source) || new FileInfo(source).Length < kept)
        {
            kept = 0;
        }
        var tail = CsvFormat.Utf8.GetBytes(entry.Tail);
        if (entry.PartBytes + tail.Length != entry.Bytes)
        {
            throw PlatformException.BadInput(new Violation(table.FileName, null, "bytes", entry.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"in generation manifest differs from its parts and tail ({entry.PartBytes} + {tail.Length} bytes)"));
        }
        var actual = Write(table, manifest, tail, source, kept);
        if (actual != entry.Sha256 && kept > 0)
        {
            // The local copy's prefix was not what the cache said: build the whole table from the objects.
            actual = Write(table, manifest, tail, source, 0);
        }
        if (actual != entry.Sha256)
        {
            throw PlatformException.BadInput(new Violation(table.FileName, null, "sha256", actual,
                $"assembled from the store's objects differs from the generation manifest's {entry.Sha256}"));
        }
    }

    private string Write(TableSchema table, GenerationManifest manifest, byte[] tail, string source, long kept)
    {
        using var hash = RunningHash.Start();
        using (var output = new FileStream(directory.PendingPathOf(table.FileName), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            void Copy(string path, long from, long bytes)
            {
                try
                {
                    FileRange.Copy(path, from, bytes, output, hash);
                }
                catch (EndOfStreamException e)
                {
                    throw PlatformException.BadInput(new Violation(path, null, null, null, e.Message));
                }
            }
            if (kept > 0)
            {
                Copy(source, 0, kept);
            }
            WriteAfter(table, manifest, tail, kept, output, hash);
            output.Flush(flushToDisk: true);
        }
        return hash.CurrentHex();
    }

    /// <summary>Writes the table's bytes from <paramref name="kept"/> to its end: from packs (fetched when not held) and the tail.</summary>
    private void WriteAfter(TableSchema table, GenerationManifest manifest, byte[] tail, long kept, Stream output, RunningHash hash)
    {
        var entry = Entry(manifest, table);
        long at = 0;
        foreach (var part in entry.Parts)
        {
            var skip = Math.Clamp(kept - at, 0, part.Bytes);
            if (skip < part.Bytes)
            {
                var pack = PackOf(manifest, part, table);
                FileRange.Copy(cache.Fetch(store, release(), Assets, pack), part.Offset + skip, part.Bytes - skip, output, hash);
            }
            at += part.Bytes;
        }
        var tailSkip = (int)Math.Clamp(kept - at, 0, tail.Length);
        output.Write(tail, tailSkip, tail.Length - tailSkip);
        hash.Append(tail, tailSkip, tail.Length - tailSkip);
    }

    private static PackObject PackOf(GenerationManifest manifest, TablePart part, TableSchema table) =>
        manifest.ObjectNamed(part.Pack) ?? throw PlatformException.BadInput(new Violation(table.FileName, null, "parts", part.Pack,
            "names an object the generation manifest does not list"));
}
