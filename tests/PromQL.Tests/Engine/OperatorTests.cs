namespace Tsdb.PromQL.Tests.Engine;

public sealed class OperatorTests
{
    private static EngineFixture Data() => new EngineFixture()
        .At("req{job=\"a\",inst=\"1\"}", 0, 10).At("req{job=\"a\",inst=\"2\"}", 0, 20).At("req{job=\"b\",inst=\"1\"}", 0, 30)
        .At("lim{job=\"a\"}", 0, 100).At("lim{job=\"b\"}", 0, 200)
        .At("other{job=\"a\",inst=\"1\"}", 0, 1);

    [Fact]
    public void Arithmetic_between_scalars_and_vectors_drops_the_name()
    {
        using var f = Data();
        Assert.Equal(7.0, Assert.IsType<ScalarValue>(f.Instant("1 + 2 * 3", 0).Value).V);
        Assert.Equal(1.0, Assert.IsType<ScalarValue>(f.Instant("2 > bool 1", 0).Value).V);
        Assert.Equal(["{inst=\"1\", job=\"b\"} => 60"], f.Vector("req{job=\"b\"} * 2", 0));
        Assert.Equal(["{inst=\"1\", job=\"b\"} => -30"], f.Vector("-req{job=\"b\"}", 0));
        Assert.Equal(["{inst=\"1\", job=\"b\"} => 0"], f.Vector("30 - req{job=\"b\"}", 0));
        Assert.Equal(["{inst=\"1\", job=\"a\"} => 11"], f.Vector("req + other", 0));
    }

    [Fact]
    public void Comparison_filters_and_keeps_the_name_bool_returns_zero_or_one()
    {
        using var f = Data();
        Assert.Equal(["{__name__=\"req\", inst=\"1\", job=\"b\"} => 30", "{__name__=\"req\", inst=\"2\", job=\"a\"} => 20"],
            f.Vector("req > 15", 0));
        Assert.Equal(["{__name__=\"req\", inst=\"1\", job=\"a\"} => 10"], f.Vector("15 > req", 0));
        Assert.Equal(["{inst=\"1\", job=\"a\"} => 0", "{inst=\"1\", job=\"b\"} => 1", "{inst=\"2\", job=\"a\"} => 1"],
            f.Vector("req > bool 15", 0));
        Assert.Equal(["{__name__=\"req\", inst=\"1\", job=\"a\"} => 10"], f.Vector("req > other", 0));
    }

    [Fact]
    public void Set_operators()
    {
        using var f = Data();
        Assert.Equal(["{__name__=\"req\", inst=\"1\", job=\"a\"} => 10"], f.Vector("req and other", 0));
        Assert.Equal(["{__name__=\"req\", inst=\"1\", job=\"b\"} => 30", "{__name__=\"req\", inst=\"2\", job=\"a\"} => 20"],
            f.Vector("req unless other", 0));
        Assert.Equal(2, f.Vector("req and on(job) lim{job=\"a\"}", 0).Count);
        Assert.Equal(4, f.Vector("req or lim{job=\"a\"}", 0).Count);
        Assert.Equal(3, f.Vector("req or on(job) lim", 0).Count);
    }

    [Fact]
    public void Many_to_one_and_one_to_many_matching()
    {
        using var f = Data();
        Assert.Equal(["{inst=\"1\", job=\"a\"} => 0.1", "{inst=\"1\", job=\"b\"} => 0.15", "{inst=\"2\", job=\"a\"} => 0.2"],
            f.Vector("req / on(job) group_left lim", 0));
        Assert.Equal(["{inst=\"1\", job=\"a\"} => 10", "{inst=\"1\", job=\"b\"} => 6.666666666666667", "{inst=\"2\", job=\"a\"} => 5"],
            f.Vector("lim / on(job) group_right req", 0));
        Assert.Empty(f.Vector("lim + on(job, inst) other", 0));
        Assert.Equal(["{inst=\"1\", job=\"a\"} => 11"], f.Vector("other + ignoring(inst) group_left() (lim{job=\"a\"} / 10)", 0));
    }

    [Fact]
    public void Group_left_copies_included_labels_from_the_one_side()
    {
        using var f = new EngineFixture().At("m{job=\"a\",i=\"1\"}", 0, 1).At("info{job=\"a\",version=\"v2\"}", 0, 1);
        Assert.Equal(["{i=\"1\", job=\"a\", version=\"v2\"} => 1"], f.Vector("m * on(job) group_left(version) info", 0));
    }

    [Fact]
    public void Matching_errors()
    {
        using var f = Data();
        Assert.StartsWith("found duplicate series for the match group {job=\"a\"} on the right hand-side of the operation: [",
            f.Error("lim + on(job) req", 0).Message, StringComparison.Ordinal);
        Assert.EndsWith(";many-to-many matching not allowed: matching labels must be unique on one side",
            f.Error("lim + on(job) req", 0).Message, StringComparison.Ordinal);
        Assert.Contains("on the left hand-side of the operation", f.Error("req + on(job) lim", 0).Message, StringComparison.Ordinal);
        Assert.Contains("on the left hand-side of the operation", f.Error("req / on(job) group_right lim", 0).Message, StringComparison.Ordinal);
        using var g = new EngineFixture().At("a{x=\"1\",y=\"1\"}", 0, 1).At("a{x=\"1\",y=\"2\"}", 0, 1).At("b{x=\"1\",y=\"z\"}", 0, 1);
        Assert.Equal("multiple matches for labels: grouping labels must ensure unique matches",
            g.Error("a * on(x) group_left(y) b", 0).Message);
    }

    [Fact]
    public void Name_dropping_detects_duplicate_label_sets()
    {
        using var f = new EngineFixture().At("a{x=\"1\"}", 0, 1).At("b{x=\"1\"}", 0, 2);
        Assert.Equal("vector cannot contain metrics with the same labelset", f.Error("{x=\"1\"} * 2", 0).Message);
        Assert.Equal(2, f.Vector("{x=\"1\"} > 0", 0).Count);
        var e = Assert.Throws<PromQLException>(() => f.Range("{x=\"1\"} + 1", 0, 60, 30));
        Assert.Equal("vector cannot contain metrics with the same labelset", e.Message);
    }
}
