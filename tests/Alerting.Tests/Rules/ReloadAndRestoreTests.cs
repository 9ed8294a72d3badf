using Tsdb.Alerting.Rules;
using Tsdb.Config;
using Tsdb.Storage;

namespace Tsdb.Alerting.Tests.Rules;

public sealed class ReloadAndRestoreTests
{
    private const string Rules = """
        groups:
          - name: g
            rules:
              - alert: A
                expr: m > 10
                for: 2m
        """;

    private static void Fill(RuleTestHarness h, int minutes, double v = 20)
    {
        for (var i = 0; i <= minutes; i++)
        {
            h.Add("m", (long)TimeSpan.FromMinutes(i).TotalMilliseconds, v);
        }
    }

    [Fact]
    public async Task Reload_keeps_alert_state_of_a_changed_group()
    {
        using var h = new RuleTestHarness();
        Fill(h, 5);
        h.Load(Rules);
        await h.Eval(0);
        await h.Eval(1);
        // Changing an annotation makes a new group that takes over the old one's alerts.
        h.Load(Rules + "\n        annotations: {x: y}\n", restored: false);
        await h.Eval(2);
        var r = h.Rule("A");
        Assert.Equal(AlertState.Firing, r.State);
        Assert.Equal(RuleTestHarness.Min(0), r.Alerts[0].ActiveAt);
        Assert.Equal("y", r.Alerts[0].Annotations.Get("x"));
        Assert.Single(h.Query("ALERTS", 2));
    }

    [Fact]
    public async Task Unchanged_group_keeps_running_object()
    {
        using var h = new RuleTestHarness();
        h.Load(Rules);
        var before = h.Manager.RuleGroups[0];
        h.Load(Rules, restored: false);
        Assert.Same(before, h.Manager.RuleGroups[0]);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Bad_reload_throws_and_keeps_the_old_groups()
    {
        using var h = new RuleTestHarness();
        Fill(h, 2);
        h.Load(Rules);
        await h.Eval(0);
        var bad = h.WriteFile("bad.yml", "groups:\n  - name: x\n    rules:\n      - record: r\n");
        var good = h.WriteFile("rules.yml", Rules);
        var e = Assert.Throws<ConfigException>(() => h.Manager.Update([good, bad], TimeSpan.FromMinutes(1), Labels.Empty));
        Assert.Contains("bad.yml: 4:17: group \"x\", rule 1, \"r\": field 'expr' must be set in rule", e.Message, StringComparison.Ordinal);
        Assert.Single(h.Manager.Groups());
        await h.Eval(1);
        Assert.Equal(AlertState.Pending, h.Rule("A").State);
    }

    [Fact]
    public async Task Removed_group_stale_marks_its_series()
    {
        using var h = new RuleTestHarness();
        h.Add("m", 0, 1);
        h.Load("groups: [{name: g, rules: [{record: r, expr: m}]}]");
        await h.Eval(0);
        h.Manager.Update([h.WriteFile("rules.yml", "groups: []")], TimeSpan.FromMinutes(1), Labels.Empty);
        await h.Manager.StalePending;
        using var q = h.Db.Querier(0, long.MaxValue);
        var it = q.Select(Matcher.Equal("__name__", "r")).Single().Iterator();
        var last = 0.0;
        while (it.Next() != SampleKind.None)
        {
            last = it.At().V;
        }

        Assert.True(StaleNaN.Is(last));
    }

    [Fact]
    public async Task Alerts_series_are_written_only_after_restore()
    {
        using var h = new RuleTestHarness();
        Fill(h, 3);
        h.Load("groups: [{name: g, rules: [{alert: A, expr: m > 10}]}]", restored: false);
        await h.Eval(0);
        Assert.Empty(h.Query("ALERTS", 0));
        h.Manager.RestoreAll(RuleTestHarness.Min(0.5));
        await h.Eval(1);
        Assert.Single(h.Query("ALERTS", 1));
    }

    /// <summary>
    /// Restarts with an alert of <c>for: 30m</c> that was active since 0. The restore happens at
    /// 40m after a 10m outage, per group.go RestoreForState.
    /// </summary>
    [Theory]
    [InlineData(25, 30, 40)] // was pending 25m, 5m left < grace 10m: fires grace period after restart (restore + 10m)
    [InlineData(10, 30, 40)] // 20m left >= grace: ActiveAt shifted forward by the downtime
    [InlineData(35, 30, 40)] // already past 'for' when going down: ActiveAt restored, fires at the next evaluation
    public async Task Restore_from_ALERTS_FOR_STATE(int downAtMin, int forMin, int restartMin)
    {
        using var h = new RuleTestHarness();
        var rules = $"groups: [{{name: g, rules: [{{alert: A, expr: m > 10, for: {forMin}m}}]}}]";
        for (var i = 0; i <= restartMin + 60; i++)
        {
            h.Add("m", (long)TimeSpan.FromMinutes(i).TotalMilliseconds, 20);
        }

        h.Load(rules);
        for (var m = 0; m <= downAtMin; m++)
        {
            await h.Eval(m);
        }

        h.Restart();
        h.Manager.Update([h.WriteFile("rules.yml", rules)], TimeSpan.FromMinutes(1), Labels.Empty);
        await h.Eval(restartMin);
        Assert.Empty(h.Query("ALERTS", restartMin));
        var restoreAt = RuleTestHarness.Min(restartMin + 0.5);
        h.Manager.RestoreAll(restoreAt);
        var activeAt = h.Manager.Groups()[0].Rules[0].Alerts[0].ActiveAt;
        var grace = TimeSpan.FromMinutes(10);
        var hold = TimeSpan.FromMinutes(forMin);
        var downAt = RuleTestHarness.Min(downAtMin);
        var expected = (hold - (downAt - DateTime.UnixEpoch)) switch
        {
            var left when left <= TimeSpan.Zero => DateTime.UnixEpoch,
            var left when left < grace => restoreAt + grace - hold,
            _ => DateTime.UnixEpoch + (restoreAt - downAt),
        };
        Assert.Equal(expected, activeAt);
    }

    [Fact]
    public async Task Short_for_is_not_restored()
    {
        using var h = new RuleTestHarness();
        Fill(h, 10);
        var rules = "groups: [{name: g, rules: [{alert: A, expr: m > 10, for: 5m}]}]";
        h.Load(rules);
        await h.Eval(0);
        await h.Eval(1);
        h.Restart();
        h.Manager.Update([h.WriteFile("rules.yml", rules)], TimeSpan.FromMinutes(1), Labels.Empty);
        await h.Eval(3);
        h.Manager.RestoreAll(RuleTestHarness.Min(3.5));
        Assert.Equal(RuleTestHarness.Min(3), h.Manager.Groups()[0].Rules[0].Alerts[0].ActiveAt);
    }
}
