namespace Tsdb.PromQL.Funcs;

/// <summary>A classic histogram bucket: upper bound (le) and cumulative count.</summary>
public readonly record struct Bucket(double UpperBound, double Count);

/// <summary>What a bucket computation had to fix or found odd; the engine turns these into annotations.</summary>
[Flags]
public enum BucketIssues
{
    None = 0,
    /// <summary>Counts were not monotonic and were fixed ("input to histogram_quantile needed to be fixed for monotonicity").</summary>
    ForcedMonotonicity = 1,
}

/// <summary>histogram_quantile and histogram_fraction over classic (le-labelled) buckets (Prometheus quantile.go).</summary>
public static class HistogramMath
{
    private const double PrecisionTolerance = 1e-12;

    /// <summary>Sorts buckets by upper bound in place; needs a +Inf bucket (else NaN), as Prometheus's bucketQuantile.</summary>
    /// <remarks>
    /// NaN q → NaN, q &lt; 0 → -Inf, q &gt; 1 → +Inf (before looking at the buckets). Buckets with equal
    /// bounds are merged, counts differing by a relative 1e-12 are treated as equal, and remaining
    /// decreases are flattened (reported as <see cref="BucketIssues.ForcedMonotonicity"/>). Fewer than
    /// two buckets or zero observations → NaN. Quantiles in the +Inf bucket return the second highest
    /// bound; in the lowest bucket the interpolation starts at 0, unless its bound is ≤ 0, which is returned.
    /// </remarks>
    public static double BucketQuantile(double q, Span<Bucket> buckets, out BucketIssues issues)
    {
        issues = BucketIssues.None;
        if (double.IsNaN(q))
        {
            return double.NaN;
        }

        if (q < 0)
        {
            return double.NegativeInfinity;
        }

        if (q > 1)
        {
            return double.PositiveInfinity;
        }

        if (buckets.IsEmpty)
        {
            return double.NaN;
        }

        SortByBound(buckets);
        if (!double.IsPositiveInfinity(buckets[^1].UpperBound))
        {
            return double.NaN;
        }

        buckets = Coalesce(buckets);
        if (EnsureMonotonicIgnoringSmallDeltas(buckets))
        {
            issues = BucketIssues.ForcedMonotonicity;
        }

        if (buckets.Length < 2)
        {
            return double.NaN;
        }

        var observations = buckets[^1].Count;
        if (observations == 0)
        {
            return double.NaN;
        }

        var rank = q * observations;
        // First bucket (among all but the last) whose count reaches the rank.
        int lo = 0, hi = buckets.Length - 1;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (!(buckets[mid].Count >= rank))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var b = lo;
        if (b == buckets.Length - 1)
        {
            return buckets[^2].UpperBound;
        }

        if (b == 0 && buckets[0].UpperBound <= 0)
        {
            return buckets[0].UpperBound;
        }

        double bucketStart = 0;
        var bucketEnd = buckets[b].UpperBound;
        var count = buckets[b].Count;
        if (b > 0)
        {
            bucketStart = buckets[b - 1].UpperBound;
            count -= buckets[b - 1].Count;
            rank -= buckets[b - 1].Count;
        }

        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    /// <summary>histogram_fraction(lower, upper) over classic buckets.</summary>
    /// <remarks>
    /// Sorts and merges the buckets; NaN without buckets, without a +Inf bucket, with zero
    /// observations or a NaN bound; 0 when lower ≥ upper. The lowest bucket starts at 0 when its
    /// bound is positive, else at -Inf. Inside a bucket the position is interpolated linearly;
    /// in a bucket of infinite width its observations count as lying at the infinite end.
    /// </remarks>
    public static double BucketFraction(double lower, double upper, Span<Bucket> buckets, out BucketIssues issues)
    {
        issues = BucketIssues.None;
        if (buckets.IsEmpty)
        {
            return double.NaN;
        }

        SortByBound(buckets);
        if (!double.IsPositiveInfinity(buckets[^1].UpperBound))
        {
            return double.NaN;
        }

        buckets = Coalesce(buckets);
        var total = buckets[^1].Count;
        if (total == 0 || double.IsNaN(lower) || double.IsNaN(upper))
        {
            return double.NaN;
        }

        if (lower >= upper)
        {
            return 0;
        }

        double rank = 0, lowerRank = 0, upperRank = 0;
        bool lowerSet = false, upperSet = false;
        for (var i = 0; i < buckets.Length; i++)
        {
            var bucketUpper = buckets[i].UpperBound;
            double bucketLower;
            if (i > 0)
            {
                bucketLower = buckets[i - 1].UpperBound;
            }
            else
            {
                bucketLower = bucketUpper > 0 ? 0 : double.NegativeInfinity;
            }

            var count = buckets[i].Count;
            if (!lowerSet && bucketLower >= lower)
            {
                lowerRank = rank;
                lowerSet = true;
            }

            if (!upperSet && bucketLower >= upper)
            {
                upperRank = rank;
                upperSet = true;
            }

            if (lowerSet && upperSet)
            {
                break;
            }

            if (!lowerSet && bucketLower < lower && bucketUpper > lower)
            {
                lowerRank = Interpolate(rank, count, bucketLower, bucketUpper, lower);
                lowerSet = true;
            }

            if (!upperSet && bucketLower < upper && bucketUpper > upper)
            {
                upperRank = Interpolate(rank, count, bucketLower, bucketUpper, upper);
                upperSet = true;
            }

            if (lowerSet && upperSet)
            {
                break;
            }

            rank = count;
        }

        if (!lowerSet || lowerRank > total)
        {
            lowerRank = total;
        }

        if (!upperSet || upperRank > total)
        {
            upperRank = total;
        }

        return (upperRank - lowerRank) / total;
    }

    private static double Interpolate(double startRank, double endRank, double bucketLower, double bucketUpper, double v)
    {
        if (double.IsNegativeInfinity(bucketLower))
        {
            return endRank;
        }

        if (double.IsPositiveInfinity(bucketUpper))
        {
            return startRank;
        }

        return startRank + (endRank - startRank) * (v - bucketLower) / (bucketUpper - bucketLower);
    }

    private static void SortByBound(Span<Bucket> buckets)
    {
        // Insertion sort: bucket lists are short and usually already sorted; no allocation.
        for (var i = 1; i < buckets.Length; i++)
        {
            var b = buckets[i];
            var j = i - 1;
            while (j >= 0 && buckets[j].UpperBound > b.UpperBound)
            {
                buckets[j + 1] = buckets[j];
                j--;
            }

            buckets[j + 1] = b;
        }
    }

    private static Span<Bucket> Coalesce(Span<Bucket> buckets)
    {
        var last = buckets[0];
        var n = 0;
        for (var i = 1; i < buckets.Length; i++)
        {
            var b = buckets[i];
            if (b.UpperBound == last.UpperBound)
            {
                last = last with { Count = last.Count + b.Count };
            }
            else
            {
                buckets[n++] = last;
                last = b;
            }
        }

        buckets[n] = last;
        return buckets[..(n + 1)];
    }

    /// <summary>
    /// One pass over the cumulative counts: differences within a relative 1e-12 (floating point
    /// noise) are silently levelled in either direction; real decreases are levelled too and
    /// reported. In both cases the running reference count is kept.
    /// </summary>
    private static bool EnsureMonotonicIgnoringSmallDeltas(Span<Bucket> buckets)
    {
        var forced = false;
        var prev = buckets[0].Count;
        for (var i = 1; i < buckets.Length; i++)
        {
            var cur = buckets[i].Count;
            if (cur == prev)
            {
                continue;
            }

            if (AlmostEqual.Equal(prev, cur, PrecisionTolerance))
            {
                buckets[i] = buckets[i] with { Count = prev };
                continue;
            }

            if (cur < prev)
            {
                buckets[i] = buckets[i] with { Count = prev };
                forced = true;
                continue;
            }

            prev = cur;
        }

        return forced;
    }
}
