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
    /// <summary>Sorts buckets by upper bound in place; needs a +Inf bucket (else NaN), as Prometheus's bucketQuantile.</summary>
    public static double BucketQuantile(double q, Span<Bucket> buckets, out BucketIssues issues) => throw new NotImplementedException();

    /// <summary>histogram_fraction(lower, upper) over classic buckets.</summary>
    public static double BucketFraction(double lower, double upper, Span<Bucket> buckets, out BucketIssues issues) => throw new NotImplementedException();
}
