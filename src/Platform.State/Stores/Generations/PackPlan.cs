namespace Platform.State.Stores.Generations;

/// <summary>
/// How the append-only tables are cut into immutable packs, LSM-style (SPEC 8.1). A posting's rows
/// ride in the manifest's tails; once the tails exceed <see cref="SealAbove"/> they are sealed into
/// one level-0 pack; <see cref="MergeCount"/> trailing packs of one level are merged into one of the
/// next, up to <see cref="TopLevel"/>. So a posting uploads its manifest (at most about
/// <see cref="SealAbove"/> of tails) and now and then one pack, and the live packs stay few:
/// at most <see cref="MergeCount"/> - 1 per level below the top, plus top-level packs of at least
/// <see cref="MergeCount"/>² × <see cref="DefaultSealAbove"/> (32 MiB) each — about 70 for 10M transactions.
/// </summary>
public static class PackPlan
{
    public const long DefaultSealAbove = 128 * 1024;

    /// <summary>
    /// <see cref="DefaultSealAbove"/>, unless PLATFORM_PACK_SEAL_BYTES says otherwise: tests set 1 so
    /// that every posting seals a pack and every 16th merges.
    /// </summary>
    public static readonly long SealAbove =
        long.TryParse(Environment.GetEnvironmentVariable("PLATFORM_PACK_SEAL_BYTES"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes) && bytes > 0
            ? bytes
            : DefaultSealAbove;

    public const int MergeCount = 16;

    /// <summary>
    /// A current-row table (tenants_credits.csv, cache_index.csv) is rewritten by every change, so its
    /// rows ride inline whole up to this size (about 13,000 tenants); beyond, each change seals it alone.
    /// </summary>
    public const long InlineCurrentUpTo = 512 * 1024;

    /// <summary>Above this a seal makes one pack per table, keeping each under GitHub's 2 GiB asset cap.</summary>
    public const long MaxPackBytes = 1L << 30;

    /// <summary>Packs of this level are never merged: a merge uploads at most MergeCount × 2 MiB (32 MiB), and no pack nears GitHub's 2 GiB asset cap.</summary>
    public const int TopLevel = 2;

    /// <summary>The level a pack of this size belongs to: below 2 MiB 0, below 32 MiB 1, else 2.</summary>
    public static int LevelOf(long bytes)
    {
        var level = 0;
        var bound = DefaultSealAbove * MergeCount;
        while (level < TopLevel && bytes >= bound)
        {
            level++;
            bound *= MergeCount;
        }
        return level;
    }

    /// <summary>
    /// The run of packs to merge now, if any: the trailing run of the lowest level below the top that
    /// holds <see cref="MergeCount"/> packs. Packs are kept in order of level, highest first, so each
    /// level's packs are consecutive, and so are every table's parts in them.
    /// </summary>
    public static (int Start, int Count)? MergeDue(IReadOnlyList<PackObject> packs)
    {
        for (var level = 0; level < TopLevel; level++)
        {
            var end = packs.Count;
            while (end > 0 && packs[end - 1].Level < level)
            {
                end--;
            }
            var start = end;
            while (start > 0 && packs[start - 1].Level == level)
            {
                start--;
            }
            if (end - start >= MergeCount)
            {
                return (start, end - start);
            }
        }
        return null;
    }
}
