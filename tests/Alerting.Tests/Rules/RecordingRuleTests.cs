using Tsdb.Alerting.Rules;
using Tsdb.Storage;

namespace Tsdb.Alerting.Tests.Rules;

public sealed class RecordingRuleTests
{
    [Fact]
    public async Task Renames_and_applies_group_and_rule_labels()
    {
        using var h = new RuleTestHarness();
        h.Add("m{job=\"a\", env=\"x\"}", 0, 5);
        h.Load("""
            groups:
              - name: g
                labels: {team: t1, env: group}
                rules:
                  - record: job:m:sum
                    expr: sum by (job, env) (m)
                    labels: {env: rule}
            """);
        await h.Eval(0);
        Assert.Equal([("""{__name__="job:m:sum", env="rule", job="a", team="t1"}""", 5.0)], h.Query("job:m:sum", 0));
        Assert.Equal(RuleHealth.Ok, h.Rule("job:m:sum").Health);
    }

    [Fact]
    public async Task Later_rules_see_earlier_rules_of_the_same_cycle()
    {
        using var h = new RuleTestHarness();
        h.Add("m", 60_000, 2);
        h.Load("""
            groups:
              - name: g
                rules:
                  - record: a
                    expr: m * 10
                  - record: b
                    expr: a + 1
                  - alert: BigB
                    expr: b > 20
                  - record: alerts_seen
                    expr: count(ALERTS{alertname="BigB"})
            """);
        await h.Eval(1);
        Assert.Equal([("""{__name__="b"}""", 21.0)], h.Query("b", 1));
        Assert.Equal([("""{__name__="alerts_seen"}""", 1.0)], h.Query("alerts_seen", 1));
    }

    [Fact]
    public async Task Duplicate_labelset_after_rule_labels_is_an_error_and_writes_nothing()
    {
        using var h = new RuleTestHarness();
        h.Add("m{x=\"1\"}", 0, 1);
        h.Add("n{x=\"1\"}", 0, 1);
        h.Load("groups: [{name: g, rules: [{record: r, expr: '{x=\"1\"}'}]}]");
        await h.Eval(0);
        var r = h.Rule("r");
        Assert.Equal(RuleHealth.Err, r.Health);
        Assert.Equal("vector contains metrics with the same labelset after applying rule labels", r.LastError);
        Assert.Empty(h.Query("r", 0));
    }

    [Fact]
    public async Task Vanished_series_get_stale_markers()
    {
        using var h = new RuleTestHarness();
        h.Add("m{i=\"1\"}", 0, 1);
        h.Add("m{i=\"2\"}", 0, 1);
        h.Load("groups: [{name: g, rules: [{record: r, expr: 'm == 1'}]}]");
        await h.Eval(0);
        h.Add("m{i=\"2\"}", 60_000, 0);
        h.Add("m{i=\"1\"}", 60_000, 1);
        await h.Eval(1);
        // Without the stale marker r{i="2"} would still be visible for 5 minutes.
        Assert.Equal([("""{__name__="r", i="1"}""", 1.0)], h.Query("r", 1.5));
        using var q = h.Db.Querier(0, 120_000);
        var s = q.Select(Matcher.Equal("__name__", "r"), Matcher.Equal("i", "2")).Single();
        var it = s.Iterator();
        Assert.Equal(SampleKind.Float, it.Next());
        Assert.Equal(SampleKind.Float, it.Next());
        Assert.True(StaleNaN.Is(it.At().V));
        Assert.Equal(60_000, it.At().T);
    }

    [Fact]
    public async Task Limit_exceeded_is_an_error()
    {
        using var h = new RuleTestHarness();
        h.Add("m{i=\"1\"}", 0, 1);
        h.Add("m{i=\"2\"}", 0, 1);
        h.Load("groups: [{name: g, limit: 1, rules: [{record: r, expr: m}]}]");
        await h.Eval(0);
        Assert.Equal("exceeded limit of 1 with 2 series", h.Rule("r").LastError);
        Assert.Empty(h.Query("r", 0));
    }

    [Fact]
    public async Task Query_offset_evaluates_and_writes_in_the_past()
    {
        using var h = new RuleTestHarness();
        h.Add("m", 0, 1);
        h.Add("m", 60_000, 2);
        h.Load("groups: [{name: g, query_offset: 1m, rules: [{record: r, expr: m}]}]");
        await h.Eval(1);
        Assert.Equal([("""{__name__="r"}""", 1.0)], h.Query("r", 0));
    }

    [Fact]
    public async Task Scalar_result_is_one_sample_and_string_is_an_error()
    {
        using var h = new RuleTestHarness();
        h.Load("groups: [{name: g, rules: [{record: s, expr: '1 + 1'}, {record: t, expr: '\"x\"'}, {record: u, expr: 'm[5m]'}]}]");
        await h.Eval(0);
        Assert.Equal([("""{__name__="s"}""", 2.0)], h.Query("s", 0));
        Assert.Equal("rule result is not a vector or scalar", h.Rule("t").LastError);
        Assert.Equal(RuleHealth.Err, h.Rule("u").Health);
    }

    [Fact]
    public void Health_is_unknown_before_the_first_evaluation()
    {
        using var h = new RuleTestHarness();
        h.Load("groups: [{name: g, rules: [{record: s, expr: '1'}]}]");
        Assert.Equal(RuleHealth.Unknown, h.Rule("s").Health);
    }
}
