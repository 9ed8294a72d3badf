namespace Tsdb.Storage.Blocks;

/// <summary>
/// Which blocks retention deletes (Prometheus tsdb/db.go BeyondTimeRetention and
/// BeyondSizeRetention). The caller removes them from its block list and calls
/// <see cref="Block.MarkForDeletion"/>.
/// </summary>
public static class Retention
{
    /// <summary>
    /// Blocks beyond time or size retention.
    /// <list type="bullet">
    /// <item>Time: with blocks ordered newest first by maxTime, the first block (other than the
    /// newest) whose maxTime is at least <paramref name="retentionMs"/> older than the newest
    /// block's maxTime, and every older block. 0 disables.</item>
    /// <item>Size: adding up sizes from the newest block, starting from <paramref name="headBytes"/>
    /// (WAL and head chunks count towards the limit in Prometheus), the first block that pushes the
    /// total above <paramref name="maxBytes"/> and every older block. 0 (or less) disables.</item>
    /// </list>
    /// </summary>
    public static IReadOnlyList<Block> BlocksToDelete(IReadOnlyList<Block> blocks, long retentionMs, long maxBytes, long headBytes = 0)
    {
        var input = new List<(BlockMeta, long)>(blocks.Count);
        foreach (var b in blocks)
        {
            input.Add((b.Meta, b.SizeBytes));
        }

        var doomed = new HashSet<Ulid>(BlocksToDelete(input, retentionMs, maxBytes, headBytes));
        var result = new List<Block>();
        foreach (var b in blocks)
        {
            if (doomed.Contains(b.Ulid))
            {
                result.Add(b);
            }
        }

        return result;
    }

    /// <summary>Same as the <see cref="Block"/> overload, on metas and sizes; returns ULIDs, newest first.</summary>
    public static IReadOnlyList<Ulid> BlocksToDelete(IReadOnlyList<(BlockMeta Meta, long SizeBytes)> blocks, long retentionMs, long maxBytes, long headBytes = 0)
    {
        if (blocks.Count == 0)
        {
            return [];
        }

        var sorted = new List<(BlockMeta Meta, long SizeBytes)>(blocks);
        sorted.Sort(static (a, b) => b.Meta.MaxTime.CompareTo(a.Meta.MaxTime));
        var cut = sorted.Count;
        if (retentionMs > 0)
        {
            for (var i = 1; i < sorted.Count; i++)
            {
                if (sorted[0].Meta.MaxTime - sorted[i].Meta.MaxTime >= retentionMs)
                {
                    cut = i;
                    break;
                }
            }
        }

        if (maxBytes > 0)
        {
            var total = headBytes;
            for (var i = 0; i < sorted.Count; i++)
            {
                total += sorted[i].SizeBytes;
                if (total > maxBytes)
                {
                    cut = Math.Min(cut, i);
                    break;
                }
            }
        }

        var result = new List<Ulid>(sorted.Count - cut);
        for (var i = cut; i < sorted.Count; i++)
        {
            result.Add(sorted[i].Meta.Ulid);
        }

        return result;
    }
}
