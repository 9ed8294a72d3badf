namespace Tsdb.Storage.Tombstones;

/// <summary>
/// Operations on a series' deleted intervals kept sorted, non-overlapping and non-adjacent (Prometheus
/// Intervals.Add merges the same way), so lookups can stop at the first interval past a time.
/// </summary>
public static class Intervals
{
    /// <summary>A new sorted array with <paramref name="add"/> merged in; <paramref name="existing"/> is not changed.</summary>
    public static Interval[] Add(ReadOnlySpan<Interval> existing, Interval add)
    {
        var result = new List<Interval>(existing.Length + 1);
        var merged = add;
        var placed = false;
        foreach (var iv in existing)
        {
            // Adjacent intervals merge too: timestamps are integers, so [a, b] and [b+1, c] cover [a, c].
            if (iv.MaxT < merged.MinT && iv.MaxT + 1 < merged.MinT)
            {
                result.Add(iv);
            }
            else if (iv.MinT > merged.MaxT && iv.MinT - 1 > merged.MaxT)
            {
                if (!placed)
                {
                    result.Add(merged);
                    placed = true;
                }

                result.Add(iv);
            }
            else
            {
                merged = new Interval(Math.Min(iv.MinT, merged.MinT), Math.Max(iv.MaxT, merged.MaxT));
            }
        }

        if (!placed)
        {
            result.Add(merged);
        }

        return [.. result];
    }

    /// <summary>True when t lies in one of the intervals.</summary>
    public static bool Contains(ReadOnlySpan<Interval> intervals, long t)
    {
        foreach (var iv in intervals)
        {
            if (t < iv.MinT)
            {
                return false;
            }

            if (t <= iv.MaxT)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a single interval covers all of [mint, maxt] (merged intervals never leave a gap inside one).</summary>
    public static bool Covers(ReadOnlySpan<Interval> intervals, long mint, long maxt)
    {
        foreach (var iv in intervals)
        {
            if (iv.Covers(mint, maxt))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Overlaps(ReadOnlySpan<Interval> intervals, long mint, long maxt)
    {
        foreach (var iv in intervals)
        {
            if (iv.Overlaps(mint, maxt))
            {
                return true;
            }
        }

        return false;
    }
}
