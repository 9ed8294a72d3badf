namespace Tsdb.Storage.Blocks;

/// <summary>
/// Chooses which blocks to merge next, with Prometheus's leveled-compaction rules
/// (tsdb/compact.go LeveledCompactor.plan / selectDirs / selectOverlappingDirs / splitByRange).
/// </summary>
public sealed class CompactionPlanner
{
    /// <summary>Prometheus DefaultBlockDuration: 2 h in milliseconds.</summary>
    public const long DefaultBlockDuration = 2 * 60 * 60 * 1000L;

    /// <summary>Upper bound of the largest block when retention does not lower it (cmd/prometheus: 31d).</summary>
    public const long MaxBlockDurationCap = 31 * 24 * 60 * 60 * 1000L;

    private readonly long[] _ranges;

    /// <param name="ranges">Block ranges in ms, ascending, e.g. <see cref="DefaultRanges"/>.</param>
    public CompactionPlanner(IReadOnlyList<long> ranges)
    {
        if (ranges.Count == 0)
        {
            throw new ArgumentException("at least one range must be provided", nameof(ranges));
        }

        _ranges = [.. ranges];
    }

    public IReadOnlyList<long> Ranges => _ranges;

    /// <summary><paramref name="steps"/> ranges starting at <paramref name="minSize"/>, each <paramref name="stepSize"/> times the previous (Prometheus ExponentialBlockRanges).</summary>
    public static long[] ExponentialBlockRanges(long minSize, int steps, int stepSize)
    {
        var ranges = new long[steps];
        var cur = minSize;
        for (var i = 0; i < steps; i++)
        {
            ranges[i] = cur;
            cur *= stepSize;
        }

        return ranges;
    }

    /// <summary>
    /// Prometheus's defaults: ExponentialBlockRanges(2h, 10, 3) = 2h, 6h, 18h, 54h, ..., cut before
    /// the first range above the maximum block duration, which is 10% of the time retention capped
    /// at 31 days (31 days when retention is 0 = unlimited), and never below the 2 h minimum. For
    /// the default 15d retention the maximum is 36 h, so the ranges are 2h, 6h, 18h.
    /// </summary>
    public static long[] DefaultRanges(long retentionMs, long minBlockDuration = DefaultBlockDuration)
    {
        var maxBlock = MaxBlockDurationCap;
        if (retentionMs > 0 && retentionMs / 10 < maxBlock)
        {
            maxBlock = retentionMs / 10;
        }

        maxBlock = Math.Max(maxBlock, minBlockDuration);
        var ranges = ExponentialBlockRanges(minBlockDuration, 10, 3);
        for (var i = 0; i < ranges.Length; i++)
        {
            if (ranges[i] > maxBlock)
            {
                return ranges[..i];
            }
        }

        return ranges;
    }

    /// <summary>
    /// The next group of blocks to compact into one, in time order; empty when there is nothing to
    /// do. Call again after each compaction (with the new block list) until it returns empty.
    /// <list type="number">
    /// <item>Overlapping blocks (first run of blocks whose ranges overlap) are returned first.</item>
    /// <item>Otherwise the block with the newest minTime is left out (it was just cut from the head;
    /// this leaves a full block range for backups), and for each range after the first, blocks are
    /// split into aligned windows [k*range, (k+1)*range) containing only blocks completely inside;
    /// the first window with more than one block that either spans the whole range or ends at or
    /// before the newest remaining block's minTime is chosen.</item>
    /// <item>Blocks whose meta says <c>compaction.failed</c> make their window ineligible.</item>
    /// </list>
    /// Tombstone-driven single-block rewrites are not implemented (there are no tombstones).
    /// </summary>
    public IReadOnlyList<BlockMeta> Plan(IReadOnlyList<BlockMeta> metas)
    {
        if (metas.Count == 0)
        {
            return [];
        }

        var sorted = new List<BlockMeta>(metas);
        // Stable, like Go's slices.SortFunc on already time-ordered input.
        var keyed = new List<(int I, BlockMeta M)>(sorted.Count);
        for (var i = 0; i < sorted.Count; i++)
        {
            keyed.Add((i, sorted[i]));
        }

        keyed.Sort(static (a, b) => a.M.MinTime != b.M.MinTime ? a.M.MinTime.CompareTo(b.M.MinTime) : a.I.CompareTo(b.I));
        for (var i = 0; i < keyed.Count; i++)
        {
            sorted[i] = keyed[i].M;
        }

        var overlapping = SelectOverlapping(sorted);
        if (overlapping.Count > 0)
        {
            return overlapping;
        }

        sorted.RemoveAt(sorted.Count - 1);
        return SelectDirs(sorted);
    }

    private static List<BlockMeta> SelectOverlapping(List<BlockMeta> ds)
    {
        var result = new List<BlockMeta>();
        if (ds.Count < 2)
        {
            return result;
        }

        var globalMaxt = ds[0].MaxTime;
        for (var i = 1; i < ds.Count; i++)
        {
            var d = ds[i];
            if (d.MinTime < globalMaxt)
            {
                if (result.Count == 0)
                {
                    result.Add(ds[i - 1]);
                }

                result.Add(d);
            }
            else if (result.Count > 0)
            {
                break;
            }

            globalMaxt = Math.Max(globalMaxt, d.MaxTime);
        }

        return result;
    }

    private List<BlockMeta> SelectDirs(List<BlockMeta> ds)
    {
        if (_ranges.Length < 2 || ds.Count < 1)
        {
            return [];
        }

        var highTime = ds[^1].MinTime;
        foreach (var iv in _ranges.AsSpan(1))
        {
            foreach (var p in SplitByRange(ds, iv))
            {
                var failed = false;
                foreach (var m in p)
                {
                    failed |= m.Compaction.Failed;
                }

                if (failed)
                {
                    continue;
                }

                var mint = p[0].MinTime;
                var maxt = p[^1].MaxTime;
                if ((maxt - mint == iv || maxt <= highTime) && p.Count > 1)
                {
                    return p;
                }
            }
        }

        return [];
    }

    /// <summary>Groups blocks into aligned windows of <paramref name="tr"/>; blocks not fully inside one window are skipped.</summary>
    internal static List<List<BlockMeta>> SplitByRange(List<BlockMeta> ds, long tr)
    {
        var split = new List<List<BlockMeta>>();
        for (var i = 0; i < ds.Count;)
        {
            var m = ds[i];
            // Start of the aligned window containing m.MinTime (floor division for negatives).
            var t0 = m.MinTime >= 0 ? tr * (m.MinTime / tr) : tr * ((m.MinTime - tr + 1) / tr);
            if (m.MaxTime > t0 + tr)
            {
                i++;
                continue;
            }

            var group = new List<BlockMeta>();
            for (; i < ds.Count; i++)
            {
                if (ds[i].MaxTime > t0 + tr)
                {
                    break;
                }

                group.Add(ds[i]);
            }

            if (group.Count > 0)
            {
                split.Add(group);
            }
        }

        return split;
    }
}
