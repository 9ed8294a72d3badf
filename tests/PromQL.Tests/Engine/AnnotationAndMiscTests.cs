namespace Tsdb.PromQL.Tests.Engine;

public sealed class AnnotationAndMiscTests
{
    [Fact]
    public void Sort_in_a_range_query_warns_with_the_position()
    {
        using var f = new EngineFixture().At("x", 0, 1);
        var r = f.Range("sort(x)", 0, 60, 30);
        Assert.Equal(["PromQL warning: sort is ineffective for range queries since results are always ordered by labels (1:1)"], r.Warnings);
        Assert.Empty(f.Instant("sort(x)", 0).Warnings);
    }

    [Fact]
    public void Annotations_are_deduplicated_across_steps()
    {
        using var f = new EngineFixture().At("x", 0, 1);
        var r = f.Range("limit_ratio(1.5, x)", 0, 120, 30);
        Assert.Single(r.Warnings);
        Assert.Equal("PromQL warning: ratio value should be between -1 and 1, got 1.5 (1:13)", r.Warnings[0]);
    }

    [Fact]
    public void Absent_over_time_uses_the_selector_labels()
    {
        using var f = new EngineFixture().At("x{job=\"a\"}", 0, 1);
        Assert.Empty(f.Vector("absent_over_time(x[1m])", 30));
        Assert.Equal(["{job=\"b\"} => 1"], f.Vector("absent_over_time(x{job=\"b\"}[1m])", 30));
        Assert.Equal(["{job=\"a\"} => 1"], f.Vector("absent_over_time(x{job=\"a\"}[1m])", 100));
    }

    [Fact]
    public void Subquery_with_at_is_evaluated_at_that_time()
    {
        using var f = new EngineFixture().Load("x", 20, 0, 1, 2, 3, 4, 5, 6);
        var m = Assert.IsType<MatrixValue>(f.Instant("x[1m:20s] @ 100", 1000).Value);
        Assert.Equal([60_000L, 80_000L, 100_000L], m.Series[0].Points.Select(p => p.T));
        Assert.Equal([3.0, 4.0, 5.0], m.Series[0].Points.Select(p => p.V));
    }

    [Fact]
    public void Label_functions_errors_and_experimental_functions()
    {
        using var f = new EngineFixture().At("x", 0, 1);
        Assert.Equal(2.0, Assert.IsType<ScalarValue>(f.Instant("max_of(1, 2)", 0).Value).V);
        Assert.Equal(0.0, Assert.IsType<ScalarValue>(f.Instant("step()", 0).Value).V);
        var m = Assert.IsType<MatrixValue>(f.Range("step()", 0, 60, 30).Value);
        Assert.Equal([30.0, 30.0, 30.0], m.Series[0].Points.Select(p => p.V));
    }
}
