using Tsdb.Storage;

namespace Tsdb.PromQL.Tests.Engine;

/// <summary>
/// Selectors and range functions hand series-major vectors to the matrix builder and to simple aggregations;
/// wrapping the input in <c>-(-x)</c> forces the per-step path (a unary minus rewrites the per-step lists).
/// Where that wrapper changes nothing else (the aggregations below drop __name__ anyway), both must agree
/// bit for bit, in values and in each step's order.
/// </summary>
public sealed class SeriesMajorTests
{
    private static EngineFixture Data()
    {
        var f = new EngineFixture();
        var rng = new Random(42);
        double[] specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, StaleNaN.Value, -0.0, 1e300];
        for (var s = 0; s < 24; s++)
        {
            var series = $"m{{job=\"{(char)('a' + (s % 3))}\",inst=\"{s % 8}\",k=\"{s}\"}}";
            var value = rng.Next(100);
            // Series start and end at different times, so a step's first series is often not the overall first.
            var end = 3000 - rng.Next(0, 1200);
            for (var t = rng.Next(0, 1200); t < end; t += 15 + rng.Next(0, 4) * 15)
            {
                // Counters with resets, gaps, and now and then a special value.
                value = rng.Next(50) == 0 ? 0 : value + rng.Next(10);
                f.At(series, t, rng.Next(40) == 0 ? specials[rng.Next(specials.Length)] : value + (rng.NextDouble() / 7));
            }
        }

        return f;
    }

    [Theory]
    [InlineData("sum by (job) ({0})")]
    [InlineData("avg by (job) ({0})")]
    [InlineData("count without (k, inst) ({0})")]
    [InlineData("min by (inst) ({0})")]
    [InlineData("max by (inst) ({0})")]
    [InlineData("group by (job) ({0})")]
    [InlineData("stddev by (job) ({0})")]
    [InlineData("stdvar ({0})")]
    // limitk keeps the first sample of each step: it sees the order of the groups within a step.
    [InlineData("limitk(1, sum by (job) ({0}))")]
    [InlineData("limitk(2, count by (inst) ({0}))")]
    public void Simple_aggregations_agree_with_the_per_step_path(string aggregation)
    {
        using var f = Data();
        foreach (var input in (string[])["m", "rate(m[2m])", "avg_over_time(m[5m])", "max_over_time(m[1m] offset 1m)"])
        {
            var fast = string.Format(System.Globalization.CultureInfo.InvariantCulture, aggregation, input);
            var slow = string.Format(System.Globalization.CultureInfo.InvariantCulture, aggregation, "-(-" + input + ")");
            Assert.Equal(Matrix(f.Range(slow, 0, 3000, 30)), Matrix(f.Range(fast, 0, 3000, 30)));
            foreach (var t in (long[])[60, 1500, 2990])
            {
                Assert.Equal(f.Ordered(slow, t), f.Ordered(fast, t));
            }
        }
    }

    [Fact]
    public void Each_step_lists_its_groups_in_order_of_that_steps_first_series()
    {
        // Overall, z="1" comes first (series k="a"), but until k="a" starts, a step's first series is k="b" (z="2").
        using var f = new EngineFixture();
        for (var t = 0; t <= 1200; t += 30)
        {
            f.At("x{k=\"b\",z=\"2\"}", t, 1).At("x{k=\"c\",z=\"1\"}", t, 2);
            if (t >= 900)
            {
                f.At("x{k=\"a\",z=\"1\"}", t, 3);
            }
        }

        // limitk keeps each step's first sample, so it shows the order.
        var fast = Matrix(f.Range("limitk(1, sum by (z) (x))", 0, 1200, 60));
        Assert.Equal(Matrix(f.Range("limitk(1, sum by (z) (-(-x)))", 0, 1200, 60)), fast);
        Assert.Equal(2, fast.Count);
    }

    [Fact]
    public void A_range_query_of_a_range_function_lists_each_series_once_with_its_points()
    {
        using var f = Data();
        var fast = Matrix(f.Range("rate(m[2m])", 0, 3000, 30));
        var slow = Matrix(f.Range("-(-rate(m[2m]))", 0, 3000, 30));
        Assert.Equal(slow, fast);
        Assert.Equal(24, fast.Count(l => l.StartsWith("{inst", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("topk(2, {0})")]
    [InlineData("bottomk(3, {0})")]
    [InlineData("topk by (job) (2, {0})")]
    [InlineData("bottomk without (k) (1, {0})")]
    [InlineData("topk(0, {0})")]
    [InlineData("topk(100, {0})")]
    // k varies by step (0 at the start), and the root is in parentheses.
    [InlineData("(topk(scalar(count(m) > 12 or vector(0)), {0}))")]
    public void Topk_at_a_range_querys_root_agrees_with_the_per_step_path(string selection)
    {
        using var f = Data();
        foreach (var input in (string[])["m", "rate(m[2m])", "avg_over_time(m[5m])"])
        {
            var fast = string.Format(System.Globalization.CultureInfo.InvariantCulture, selection, input);
            // "or" with nothing makes the root a binary operator, so topk takes the per-step path; labels stay.
            var slow = fast + " or m{k=\"none\"}";
            Assert.Equal(Matrix(f.Range(slow, 0, 3000, 30)), Matrix(f.Range(fast, 0, 3000, 30)));
        }
    }

    [Fact]
    public void Topk_with_ties_keeps_the_earlier_series_as_prometheus_does()
    {
        using var f = new EngineFixture();
        for (var t = 0; t <= 600; t += 30)
        {
            f.At("x{k=\"a\"}", t, 1).At("x{k=\"b\"}", t, 5).At("x{k=\"c\"}", t, 5).At("x{k=\"d\"}", t, 5);
        }

        var top = Matrix(f.Range("topk(2, x)", 0, 600, 60));
        Assert.Equal(2, top.Count);
        Assert.StartsWith("{__name__=\"x\", k=\"b\"} ", top[0], StringComparison.Ordinal);
        Assert.StartsWith("{__name__=\"x\", k=\"c\"} ", top[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Dropping_the_name_still_finds_colliding_series()
    {
        using var f = new EngineFixture().At("a{x=\"1\"}", 0, 1).At("b{x=\"1\"}", 0, 2).At("a{x=\"1\"}", 30, 2).At("b{x=\"1\"}", 30, 3);
        var collide = Assert.Throws<PromQLException>(() => f.Range("rate({x=\"1\"}[5m])", 0, 60, 30));
        Assert.Contains("same labelset", collide.Message, StringComparison.Ordinal);
    }

    /// <summary>One line per series: labels, then each point as time and the value's bits.</summary>
    private static List<string> Matrix(QueryResult r)
    {
        var m = Assert.IsType<MatrixValue>(r.Value);
        var lines = new List<string>();
        foreach (var s in m.Series)
        {
            var points = new System.Text.StringBuilder(s.Metric.ToString());
            foreach (var p in s.Points)
            {
                points.Append(System.Globalization.CultureInfo.InvariantCulture, $" {p.T}:{BitConverter.DoubleToInt64Bits(p.V):x}");
            }

            lines.Add(points.ToString());
        }

        return lines;
    }
}
