using Tsdb.Storage;

namespace Tsdb.PromQL.Tests.Engine;

public sealed class SelectorTests
{
    [Fact]
    public void Lookback_is_left_open_and_five_minutes_by_default()
    {
        using var f = new EngineFixture().At("x", 0, 1);
        Assert.Equal(["{__name__=\"x\"} => 1"], f.Vector("x", 0));
        Assert.Equal(["{__name__=\"x\"} => 1"], f.Vector("x", 299));
        Assert.Empty(f.Vector("x", 300));
    }

    [Fact]
    public void Stale_marker_ends_the_series_and_never_appears()
    {
        using var f = new EngineFixture().Load("x", 10, 1, 2, StaleNaN.Value);
        Assert.Equal(["{__name__=\"x\"} => 2"], f.Vector("x", 15));
        Assert.Empty(f.Vector("x", 20));
        Assert.Empty(f.Vector("x", 100));
        var m = Assert.IsType<MatrixValue>(f.Instant("x[1m]", 30).Value);
        Assert.Equal([0L, 10_000L], m.Series[0].Points.Select(p => p.T));
    }

    [Fact]
    public void Offset_positive_and_negative()
    {
        using var f = new EngineFixture().Load("x", 60, 0, 1, 2, 3, 4);
        Assert.Equal(["{__name__=\"x\"} => 1"], f.Vector("x offset 2m", 180));
        Assert.Equal(["{__name__=\"x\"} => 4"], f.Vector("x offset -1m", 180));
    }

    [Fact]
    public void At_modifier_with_start_and_end_is_step_invariant()
    {
        using var f = new EngineFixture().Load("x", 60, 0, 1, 2, 3, 4);
        var m = Assert.IsType<MatrixValue>(f.Range("x @ start()", 60, 180, 60).Value);
        Assert.Equal([1.0, 1.0, 1.0], m.Series[0].Points.Select(p => p.V));
        m = Assert.IsType<MatrixValue>(f.Range("x @ end()", 60, 180, 60).Value);
        Assert.Equal([3.0, 3.0, 3.0], m.Series[0].Points.Select(p => p.V));
        m = Assert.IsType<MatrixValue>(f.Range("x @ 240 offset 1m", 0, 120, 60).Value);
        Assert.Equal([3.0, 3.0, 3.0], m.Series[0].Points.Select(p => p.V));
    }

    [Fact]
    public void Matrix_selector_window_is_left_open()
    {
        using var f = new EngineFixture().Load("x", 10, 0, 1, 2, 3);
        var m = Assert.IsType<MatrixValue>(f.Instant("x[20s]", 30).Value);
        Assert.Equal([20_000L, 30_000L], m.Series[0].Points.Select(p => p.T));
    }

    [Fact]
    public void Millisecond_ranges_are_exact()
    {
        using var f = new EngineFixture();
        var app = Enumerable.Range(0, 4001);
        foreach (var t in app)
        {
            f.AtMs("x", t, 1);
        }

        var m = Assert.IsType<MatrixValue>(f.Instant("x[1001ms]", 4).Value);
        Assert.Equal(1001, m.Series[0].Points.Count);
    }

    [Fact]
    public void Subquery_steps_are_aligned_to_absolute_multiples_of_the_step()
    {
        using var f = new EngineFixture().Load("x", 5, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
        var m = Assert.IsType<MatrixValue>(f.Instant("x[1m:20s]", 65).Value);
        Assert.Equal([20_000L, 40_000L, 60_000L], m.Series[0].Points.Select(p => p.T));
        Assert.Equal([4.0, 8.0, 12.0], m.Series[0].Points.Select(p => p.V));
        m = Assert.IsType<MatrixValue>(f.Instant("x[1m:20s] offset 10s", 65).Value);
        Assert.Equal([0L, 20_000L, 40_000L], m.Series[0].Points.Select(p => p.T));
    }

    [Fact]
    public void Result_types()
    {
        using var f = new EngineFixture().At("x", 0, 1);
        Assert.Equal(2.0, Assert.IsType<ScalarValue>(f.Instant("1 + 1", 0).Value).V);
        Assert.Equal("a", Assert.IsType<StringValue>(f.Instant("\"a\"", 0).Value).V);
        Assert.IsType<VectorValue>(f.Instant("x", 0).Value);
        Assert.IsType<MatrixValue>(f.Instant("x[1m]", 0).Value);
        Assert.Equal(30.0, Assert.IsType<ScalarValue>(f.Instant("time()", 30).Value).V);
    }

    [Fact]
    public void Range_query_points_are_at_start_plus_multiples_of_step_and_series_sorted()
    {
        using var f = new EngineFixture().Load("x{a=\"2\"}", 10, 1, 2, 3, 4).Load("x{a=\"1\"}", 10, 5, 6, 7, 8);
        var m = Assert.IsType<MatrixValue>(f.Range("x", 5, 35, 10).Value);
        Assert.Equal(["1", "2"], m.Series.Select(s => s.Metric.Get("a")));
        Assert.Equal([5_000L, 15_000L, 25_000L, 35_000L], m.Series[0].Points.Select(p => p.T));
        Assert.Equal([5.0, 6.0, 7.0, 8.0], m.Series[0].Points.Select(p => p.V));
        var s = Assert.IsType<MatrixValue>(f.Range("time()", 0, 20, 10).Value);
        Assert.Equal([0.0, 10.0, 20.0], s.Series[0].Points.Select(p => p.V));
    }

    [Fact]
    public void Timestamp_of_a_selector_is_the_sample_time()
    {
        using var f = new EngineFixture().At("x", 10, 1);
        Assert.Equal(["{} => 10"], f.Vector("timestamp(x)", 100));
    }

    [Fact]
    public void Vector_scalar_absent_sort()
    {
        using var f = new EngineFixture().At("x{a=\"1\"}", 0, 3).At("x{a=\"2\"}", 0, 1).At("x{a=\"3\"}", 0, 2);
        Assert.Equal(["{} => 7"], f.Vector("vector(7)", 0));
        Assert.True(double.IsNaN(Assert.IsType<ScalarValue>(f.Instant("scalar(x)", 0).Value).V));
        Assert.Equal(3.0, Assert.IsType<ScalarValue>(f.Instant("scalar(x{a=\"1\"})", 0).Value).V);
        Assert.Equal(["{job=\"j\"} => 1"], f.Vector("absent(nope{job=\"j\", x=~\"y\"})", 0));
        Assert.Empty(f.Vector("absent(x)", 0));
        Assert.Equal(["1", "3", "2"], Values(f.Ordered("sort_desc(x)", 0)));
        Assert.Equal(["2", "3", "1"], Values(f.Ordered("sort(x)", 0)));
    }

    private static List<string> Values(List<string> lines) => lines.ConvertAll(l => System.Text.RegularExpressions.Regex.Match(l, "a=\"(\\d)\"").Groups[1].Value);
}
