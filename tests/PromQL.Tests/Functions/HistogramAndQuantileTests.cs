using Tsdb.PromQL.Funcs;
using static Tsdb.PromQL.Tests.Functions.SeriesHelper;

namespace Tsdb.PromQL.Tests.Functions;

public class HistogramAndQuantileTests
{
    // testhistogram3 at 50m (histograms.test)
    private static Bucket[] Positive() =>
        [new(0, 0), new(0.1, 50), new(0.2, 70), new(1, 110), new(double.PositiveInfinity, 110)];

    private static Bucket[] Negative() =>
        [new(-0.25, 0), new(-0.2, 10), new(-0.1, 20), new(0.3, 20), new(double.PositiveInfinity, 20)];

    [Theory]
    [InlineData(0, 0, -0.25)]
    [InlineData(0.25, 0.055, -0.225)]
    [InlineData(0.5, 0.125, -0.2)]
    [InlineData(0.75, 0.45, -0.15)]
    [InlineData(1, 1, -0.1)]
    [InlineData(-0.1, double.NegativeInfinity, double.NegativeInfinity)]
    [InlineData(1.01, double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(double.NaN, double.NaN, double.NaN)]
    public void BucketQuantile_MatchesPrometheus(double q, double positive, double negative)
    {
        Close(positive, HistogramMath.BucketQuantile(q, Positive(), out var i1));
        Close(negative, HistogramMath.BucketQuantile(q, Negative(), out var i2));
        Assert.Equal(BucketIssues.None, i1);
        Assert.Equal(BucketIssues.None, i2);
    }

    [Fact]
    public void BucketQuantile_SortsInput()
    {
        var b = Positive();
        Array.Reverse(b);
        Close(0.055, HistogramMath.BucketQuantile(0.25, b, out _));
    }

    [Fact]
    public void BucketQuantile_Edges()
    {
        // no +Inf bucket
        Close(double.NaN, HistogramMath.BucketQuantile(0.5, new Bucket[] { new(1, 1), new(2, 2) }, out _));
        // only the +Inf bucket
        Close(double.NaN, HistogramMath.BucketQuantile(0.5, new Bucket[] { new(double.PositiveInfinity, 3) }, out _));
        // zero observations
        Close(double.NaN, HistogramMath.BucketQuantile(0.5, new Bucket[] { new(1, 0), new(double.PositiveInfinity, 0) }, out _));
        Close(double.NaN, HistogramMath.BucketQuantile(0.5, Span<Bucket>.Empty, out _));
        // quantile in the +Inf bucket: the second highest bound
        Assert.Equal(1, HistogramMath.BucketQuantile(0.99, new Bucket[] { new(1, 1), new(double.PositiveInfinity, 10) }, out _));
        // duplicate bounds are merged
        Close(0.5, HistogramMath.BucketQuantile(0.5, new Bucket[] { new(1, 1), new(1, 1), new(double.PositiveInfinity, 2) }, out _));
    }

    [Fact]
    public void BucketQuantile_ForcesMonotonicity()
    {
        var b = new Bucket[] { new(1, 10), new(2, 5), new(3, 20), new(double.PositiveInfinity, 20) };
        // envelope: 10 10 20 20; rank 10 falls into the first bucket
        Close(1, HistogramMath.BucketQuantile(0.5, b, out var issues));
        Assert.Equal(BucketIssues.ForcedMonotonicity, issues);
        // tiny precision errors are corrected silently
        var p = new Bucket[] { new(1, 10), new(2, 10 - 1e-14), new(double.PositiveInfinity, 10) };
        HistogramMath.BucketQuantile(0.5, p, out var issues2);
        Assert.Equal(BucketIssues.None, issues2);
    }

    [Theory]
    [InlineData(0, 0.2, 0.6363636363636364, 0)]
    [InlineData(0.2, 0.1, 0, 0)]
    [InlineData(double.NegativeInfinity, double.PositiveInfinity, 1, 1)]
    [InlineData(double.NaN, 1, double.NaN, double.NaN)]
    public void BucketFraction_Testhistogram3(double lower, double upper, double positive, double negative)
    {
        Close(positive, HistogramMath.BucketFraction(lower, upper, Positive(), out _));
        Close(negative, HistogramMath.BucketFraction(lower, upper, Negative(), out _));
    }

    private static Bucket[] Pos() => [new(1, 1), new(2, 3), new(3, 6), new(double.PositiveInfinity, 100)];

    private static Bucket[] Neg() => [new(-3, 10), new(-2, 12), new(-1, 15), new(double.PositiveInfinity, 100)];

    [Fact]
    public void BucketFraction_InfiniteWidthBuckets()
    {
        Close(0.02, HistogramMath.BucketFraction(0, 1.5, Pos(), out _));
        Close(0.02, HistogramMath.BucketFraction(-4, -2, Neg(), out _));
        Close(0.135, HistogramMath.BucketFraction(double.NegativeInfinity, -1.5, Neg(), out _));
        Close(1, HistogramMath.BucketFraction(double.NegativeInfinity, double.PositiveInfinity, Pos(), out _));
        Close(1, HistogramMath.BucketFraction(double.NegativeInfinity, double.PositiveInfinity, Neg(), out _));
        Assert.Equal(0, HistogramMath.BucketFraction(4, 5, Pos(), out _));
        Assert.Equal(0, HistogramMath.BucketFraction(0, 1, Neg(), out _));
        Close(0.03, HistogramMath.BucketFraction(2, 5, Pos(), out _));
        Close(double.NaN, HistogramMath.BucketFraction(0, 1, new Bucket[] { new(1, 1) }, out _));
        Close(double.NaN, HistogramMath.BucketFraction(0, 1, Span<Bucket>.Empty, out _));
    }

    [Fact]
    public void Quantile_Values()
    {
        Close(double.NaN, QuantileMath.Quantile(0.5, Span<double>.Empty));
        Assert.Equal(2.5, QuantileMath.Quantile(0.5, new double[] { 4, 1, 3, 2 }));
        Assert.Equal(double.NegativeInfinity, QuantileMath.Quantile(-0.5, new double[] { 1 }));
        Assert.Equal(double.PositiveInfinity, QuantileMath.Quantile(1.5, new double[] { 1 }));
        // NaN sorts first (the smallest value)
        Assert.Equal(0.6, QuantileMath.Quantile(0.8, new double[] { double.NaN, 0, 0.2, 0.4, 0.6, 0.8 }), 12);
        Close(double.NaN, QuantileMath.Quantile(0.1, new double[] { double.NaN, 0, 0.2, 0.4, 0.6, 0.8 }));
    }

    [Theory]
    [InlineData(0.01, 0.0045)]
    [InlineData(0.5, 8.5)]
    [InlineData(0.99, 979.75)]
    public void BucketQuantile_NonmonotonicFromHistogramsTest(double q, double expected)
    {
        // nonmonotonic_bucket at 50m: 20 10 50 40 90 80
        var b = new Bucket[] { new(0.1, 20), new(1, 10), new(10, 50), new(100, 40), new(1000, 90), new(double.PositiveInfinity, 80) };
        Close(expected, HistogramMath.BucketQuantile(q, b, out var issues));
        Assert.Equal(BucketIssues.ForcedMonotonicity, issues);
    }
}
