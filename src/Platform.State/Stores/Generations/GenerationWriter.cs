using System.Security.Cryptography;
using Platform.Domain.Time;
using Platform.Files.Csv;
using Platform.State.Manifest;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.State.Stores.Generations;

/// <summary>
/// Builds the manifest of the next generation from the local folder (already committed) and the
/// generation it was hydrated from. Everything a new pack holds is read from the local v1 files, so a
/// writer never downloads to publish. <paramref name="upload"/> stores a built pack in the store.
/// </summary>
internal sealed class GenerationWriter(StateDirectory directory, ObjectCache cache, Action<string, PackObject> upload)
{
    /// <summary>The next generation's manifest; the packs it needs are uploaded before it returns.</summary>
    /// <param name="previous">The generation hydrated, or null for a state new to the v2 layout (bootstrap, adoption, restore).</param>
    public GenerationManifest Next(GenerationManifest? previous, string? parentCommit, StateManifest local, string command, DateTimeOffset now)
    {
        var tables = new Dictionary<string, Draft>(StringComparer.Ordinal);
        foreach (var table in BillingTables.All)
        {
            tables[table.FileName] = Draft.Of(directory.PathOf(table.FileName), table, previous?.Tables.GetValueOrDefault(table.FileName),
                local.HashOf(table.FileName) ?? throw new InvalidOperationException($"the local manifest lists no {table.FileName}"));
        }
        var objects = previous?.Objects.ToList() ?? [];
        if (PackPlan.MergeDue(objects) is var (start, count))
        {
            Merge(tables, objects, start, count);
            Failpoint.Hit("publish:merge");
        }
        // Only the append-only tables' tails accumulate; a current-row table is whole in its tail and
        // rides inline up to PackPlan.InlineCurrentUpTo (sealed alone beyond).
        var appended = tables.Where(t => BillingTables.Find(t.Key)!.AppendOnly).Select(t => t.Value).ToList();
        var bulky = tables.Where(t => !BillingTables.Find(t.Key)!.AppendOnly && t.Value.TailBytes > PackPlan.InlineCurrentUpTo).Select(t => t.Value).ToList();
        var sealAppended = appended.Sum(t => t.TailBytes) > PackPlan.SealAbove;
        if (sealAppended || bulky.Count > 0)
        {
            Seal(sealAppended ? [.. appended, .. bulky] : bulky, objects);
            Failpoint.Hit("publish:seal");
        }
        var referenced = tables.Values.SelectMany(t => t.Parts).Select(p => p.Pack).ToHashSet(StringComparer.Ordinal);
        var entries = tables.ToDictionary(t => t.Key, t => t.Value.Finish(), StringComparer.Ordinal);
        var added = entries.Where(e => e.Value.Rows != (previous?.Tables.GetValueOrDefault(e.Key)?.Rows ?? 0))
            .ToDictionary(e => e.Key, e => e.Value.Rows - (previous?.Tables.GetValueOrDefault(e.Key)?.Rows ?? 0), StringComparer.Ordinal);
        var live = objects.Where(o => referenced.Contains(o.Name)).ToList();
        return new GenerationManifest(local.Generation, previous?.Generation, parentCommit, Timestamp.ToText(now), command, added, live, entries)
        {
            History = local.History,
            Retired = previous?.RetiredAfter(live, local.Generation, now) ?? [],
        };
    }

    /// <summary>Merges packs [start, start + count) into one: each table's parts in them become one part.</summary>
    private void Merge(Dictionary<string, Draft> tables, List<PackObject> objects, int start, int count)
    {
        var run = objects.GetRange(start, count).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var pieces = new List<(Draft Table, int First, int Last, long From, long Bytes)>();
        foreach (var table in tables.Values)
        {
            var first = table.Parts.FindIndex(p => run.Contains(p.Pack));
            if (first < 0)
            {
                continue;
            }
            var last = table.Parts.FindLastIndex(p => run.Contains(p.Pack));
            var from = table.Parts.Take(first).Sum(p => p.Bytes);
            pieces.Add((table, first, last, from, table.Parts.Skip(first).Take(last - first + 1).Sum(p => p.Bytes)));
        }
        var pack = Build(pieces.Select(p => (p.Table.Path, p.From, p.Bytes)).ToList());
        foreach (var piece in pieces)
        {
            var records = piece.Table.Parts.Skip(piece.First).Take(piece.Last - piece.First + 1).Sum(p => p.Records);
            var offset = pack.Offsets[pieces.IndexOf(piece)];
            piece.Table.Parts.RemoveRange(piece.First, piece.Last - piece.First + 1);
            piece.Table.Parts.Insert(piece.First, new TablePart(pack.Object.Name, offset, piece.Bytes, records));
        }
        objects.RemoveRange(start, count);
        objects.Insert(start, pack.Object);
    }

    /// <summary>
    /// Seals the tables' tails into one new pack, or one pack per table when together they would pass
    /// <see cref="PackPlan.MaxPackBytes"/> (an adoption or a restore of a large state: GitHub caps an asset at 2 GiB).
    /// </summary>
    private void Seal(IReadOnlyList<Draft> tables, List<PackObject> objects)
    {
        var sealing = tables.Where(t => t.TailBytes > 0).ToList();
        var groups = sealing.Sum(t => t.TailBytes) > PackPlan.MaxPackBytes ? sealing.Select(t => new List<Draft> { t }).ToList() : [sealing];
        foreach (var group in groups)
        {
            var pack = Build(group.Select(t => (t.Path, t.PartBytes, t.TailBytes)).ToList());
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Parts.Add(new TablePart(pack.Object.Name, pack.Offsets[i], group[i].TailBytes, group[i].TailRecords));
                group[i].TailRecords = 0;
            }
            objects.Add(pack.Object);
        }
    }

    /// <summary>Writes the byte ranges into one pack file named by its hash, uploads it, and says where each range landed.</summary>
    private (PackObject Object, List<long> Offsets) Build(IReadOnlyList<(string Path, long From, long Bytes)> ranges)
    {
        var building = cache.NewBuildPath();
        var offsets = new List<long>();
        using var hash = RunningHash.Start();
        long written = 0;
        using (var output = new FileStream(building, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            foreach (var (source, from, bytes) in ranges)
            {
                offsets.Add(written);
                FileRange.Copy(source, from, bytes, output, hash);
                written += bytes;
            }
            output.Flush(flushToDisk: true);
        }
        var sha = hash.CurrentHex();
        var pack = new PackObject($"pack.{sha}.bin", sha, written, PackPlan.LevelOf(written));
        var path = cache.PathOf(pack.Name);
        File.Move(building, path, overwrite: true);
        upload(path, pack);
        Failpoint.Hit("publish:object");
        return (pack, offsets);
    }

    /// <summary>A table of the next generation while it is being built.</summary>
    private sealed class Draft
    {
        public required string Path { get; init; }

        public required string Sha256 { get; init; }

        public required long Bytes { get; init; }

        public required List<TablePart> Parts { get; init; }

        public long TailRecords { get; set; }

        /// <summary>The previous entry when the table did not change: kept exactly.</summary>
        public TableEntry? Unchanged { get; init; }

        public long PartBytes => Parts.Sum(p => p.Bytes);

        public long TailBytes => Bytes - PartBytes;

        public static Draft Of(string path, TableSchema table, TableEntry? previous, string sha256)
        {
            if (previous is not null && previous.Sha256 == sha256)
            {
                return new Draft { Path = path, Sha256 = sha256, Bytes = previous.Bytes, Parts = [.. previous.Parts], TailRecords = previous.TailRecords, Unchanged = previous };
            }
            var length = new FileInfo(path).Length;
            // An append-only table only grew since the generation hydrated (the local folder was checked
            // against it, then extended): its parts stay, the new rows join the tail. Anything else starts over.
            if (table.AppendOnly && previous is not null && length >= previous.Bytes)
            {
                return new Draft
                {
                    Path = path, Sha256 = sha256, Bytes = length, Parts = [.. previous.Parts],
                    TailRecords = previous.TailRecords + CsvRecords.Count(path, previous.Bytes, length - previous.Bytes),
                };
            }
            return new Draft { Path = path, Sha256 = sha256, Bytes = length, Parts = [], TailRecords = CsvRecords.Count(path, 0, length) };
        }

        public TableEntry Finish()
        {
            if (Unchanged is not null && Unchanged.Parts.SequenceEqual(Parts))
            {
                return Unchanged;
            }
            var tail = ReadTail();
            var records = Parts.Sum(p => p.Records) + TailRecords;
            return new TableEntry(Sha256, Bytes, Math.Max(0, records - 1), [.. Parts], tail, TailRecords);
        }

        private string ReadTail()
        {
            if (TailBytes == 0)
            {
                return "";
            }
            using var input = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
            input.Position = PartBytes;
            var bytes = new byte[TailBytes];
            input.ReadExactly(bytes);
            return CsvFormat.Utf8.GetString(bytes);
        }
    }
}
