using Tsdb.Alerting.Rules;

namespace Tsdb.Alerting.Tests.Rules;

public sealed class AlertingRuleTests
{
    private const string HighRules = """
        groups:
          - name: g
            rules:
              - alert: High
                expr: m > 10
                for: 2m
                labels:
                  severity: page
                annotations:
                  summary: "{{ $labels.instance }} is {{ $value }}"
        """;

    private static void Series(RuleTestHarness h, double[] values, string instance = "a")
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                h.Add($"m{{instance=\"{instance}\"}}", (long)TimeSpan.FromMinutes(i).TotalMilliseconds, values[i]);
            }
        }
    }

    [Fact]
    public async Task Pending_then_firing_after_for()
    {
        using var h = new RuleTestHarness();
        Series(h, [20, 20, 20, 20, 20]);
        h.Load(HighRules);
        await h.Eval(0);
        var r = h.Rule("High");
        Assert.Equal(AlertState.Pending, r.State);
        Assert.Equal("a is 20", r.Alerts[0].Annotations.Get("summary"));
        await h.Eval(1);
        Assert.Equal(AlertState.Pending, h.Rule("High").State);
        await h.Eval(2);
        r = h.Rule("High");
        Assert.Equal(AlertState.Firing, r.State);
        Assert.Equal(RuleTestHarness.Min(0), r.Alerts[0].ActiveAt);
        Assert.Equal(RuleHealth.Ok, r.Health);
        Assert.Equal("""{alertname="High", instance="a", severity="page"}""", r.Alerts[0].Labels.ToString());
        Assert.Equal([("""{__name__="ALERTS", alertname="High", alertstate="firing", instance="a", severity="page"}""", 1.0)], h.Query("ALERTS", 2));
        Assert.Equal([("""{__name__="ALERTS_FOR_STATE", alertname="High", instance="a", severity="page"}""", 0.0)], h.Query("ALERTS_FOR_STATE", 2));
    }

    [Fact]
    public async Task For_zero_fires_in_the_first_evaluation()
    {
        using var h = new RuleTestHarness();
        Series(h, [20]);
        h.Load("groups: [{name: g, rules: [{alert: A, expr: m > 10}]}]");
        await h.Eval(0);
        Assert.Equal(AlertState.Firing, h.Rule("A").State);
        Assert.Single(h.Sink.TakeAll());
    }

    [Fact]
    public async Task Pending_alert_that_goes_away_is_deleted_and_reappearance_is_new()
    {
        using var h = new RuleTestHarness();
        Series(h, [20, 0, 20, 20, 20, 20]);
        h.Load(HighRules);
        await h.Eval(0);
        await h.Eval(1);
        Assert.Empty(h.Rule("High").Alerts);
        Assert.Equal(AlertState.Inactive, h.Rule("High").State);
        await h.Eval(2);
        Assert.Equal(RuleTestHarness.Min(2), h.Rule("High").Alerts[0].ActiveAt);
        await h.Eval(3);
        Assert.Equal(AlertState.Pending, h.Rule("High").State);
        await h.Eval(4);
        Assert.Equal(AlertState.Firing, h.Rule("High").State);
    }

    [Fact]
    public async Task Resolved_alert_is_sent_resolved_and_ALERTS_goes_stale()
    {
        using var h = new RuleTestHarness();
        Series(h, [20, 0]);
        h.Load("groups: [{name: g, rules: [{alert: A, expr: m > 10}]}]");
        await h.Eval(0);
        var fired = Assert.Single(h.Sink.TakeAll());
        Assert.Equal(RuleTestHarness.Min(0), fired.StartsAt);
        Assert.Equal(RuleTestHarness.Min(4), fired.EndsAt); // 4 x max(interval 1m, resend 1m)
        Assert.Equal("http://prom:9090/graph?g0.expr=m+%3E+10&g0.tab=1", fired.GeneratorUrl);
        await h.Eval(1);
        var resolved = Assert.Single(h.Sink.TakeAll());
        Assert.Equal(RuleTestHarness.Min(1), resolved.EndsAt);
        Assert.Empty(h.Query("ALERTS", 1));
        Assert.Empty(h.Query("ALERTS", 1.5));
    }

    [Fact]
    public async Task Resend_delay_and_resolved_retention()
    {
        using var h = new RuleTestHarness(resendDelay: TimeSpan.FromMinutes(2));
        for (var i = 0; i <= 3; i++)
        {
            h.Add("m", (long)TimeSpan.FromMinutes(i).TotalMilliseconds, 20);
        }

        h.Load("groups: [{name: g, rules: [{alert: A, expr: m > 10}]}]");
        var sentAt = new List<double>();
        for (var m = 0; m <= 25; m++)
        {
            if (m == 4)
            {
                h.Add("m", (long)TimeSpan.FromMinutes(4).TotalMilliseconds, 0);
            }

            await h.Eval(m);
            foreach (var a in h.Sink.TakeAll())
            {
                sentAt.Add(m);
                if (m == 0)
                {
                    Assert.Equal(RuleTestHarness.Min(8), a.EndsAt);
                }
            }
        }

        // Firing: 0, then when LastSentAt + 2m < now (3). Resolved at 4: sent at once, then every
        // resend period until 15 minutes after resolution (kept while now - ResolvedAt <= 15m).
        Assert.Equal([0, 3, 4, 7, 10, 13, 16, 19], sentAt);
    }

    [Fact]
    public async Task Keep_firing_for_holds_the_alert()
    {
        using var h = new RuleTestHarness();
        Series(h, [20]);
        h.Load("groups: [{name: g, rules: [{alert: A, expr: m > 10, keep_firing_for: 2m}]}]");
        h.Add("m{instance=\"a\"}", (long)TimeSpan.FromMinutes(1).TotalMilliseconds, 0);
        await h.Eval(0);
        await h.Eval(1);
        var r = h.Rule("A");
        Assert.Equal(AlertState.Firing, r.State);
        Assert.Equal(RuleTestHarness.Min(1), r.Alerts[0].KeepFiringSince);
        await h.Eval(2);
        Assert.Equal(AlertState.Firing, h.Rule("A").State);
        await h.Eval(3);
        Assert.Equal(AlertState.Inactive, h.Rule("A").State);
    }

    [Fact]
    public async Task Limit_exceeded_clears_alerts_and_reports_error()
    {
        using var h = new RuleTestHarness();
        Series(h, [20], "a");
        Series(h, [20], "b");
        h.Load("groups: [{name: g, limit: 1, rules: [{alert: A, expr: m > 10}]}]");
        await h.Eval(0);
        var r = h.Rule("A");
        Assert.Equal(RuleHealth.Err, r.Health);
        Assert.Equal("exceeded limit of 1 with 2 alerts", r.LastError);
        Assert.Empty(r.Alerts);
        Assert.Empty(h.Query("ALERTS", 0));
    }

    [Fact]
    public async Task Duplicate_alert_labels_is_an_error()
    {
        using var h = new RuleTestHarness();
        h.Add("m{x=\"1\"}", 0, 20);
        h.Add("n{x=\"1\"}", 0, 20);
        h.Load("groups: [{name: g, rules: [{alert: A, expr: '{x=\"1\"}'}]}]");
        await h.Eval(0);
        Assert.Equal("vector contains metrics with the same labelset after applying alert labels", h.Rule("A").LastError);
        Assert.Empty(h.Sink.TakeAll());
    }

    [Fact]
    public async Task Resolved_alert_is_dropped_after_retention()
    {
        using var h = new RuleTestHarness();
        Series(h, [20]);
        h.Load("groups: [{name: g, rules: [{alert: A, expr: m > 10}]}]");
        await h.Eval(0);
        h.Add("m{instance=\"a\"}", (long)TimeSpan.FromMinutes(1).TotalMilliseconds, 0);
        await h.Eval(1);
        var ar = (AlertingRule)h.Manager.RuleGroups[0].Rules[0];
        Assert.Single(ar.Active);
        await h.Eval(16);
        Assert.Single(ar.Active);
        await h.Eval(16.5);
        Assert.Empty(ar.Active);
    }

    [Fact]
    public async Task Sent_alerts_carry_external_labels_where_absent()
    {
        using var h = new RuleTestHarness(externalLabels: Tsdb.Storage.Labels.FromStrings("cluster", "c1", "severity", "ext"));
        Series(h, [20]);
        h.Load(HighRules.Replace("for: 2m", "for: 0s", StringComparison.Ordinal));
        await h.Eval(0);
        var a = Assert.Single(h.Sink.TakeAll());
        Assert.Equal("""{alertname="High", cluster="c1", instance="a", severity="page"}""", a.Labels.ToString());
        Assert.Equal("a is 20", a.Annotations.Get("summary"));
        // The stored ALERTS series carry no external labels.
        Assert.Equal("""{__name__="ALERTS", alertname="High", alertstate="firing", instance="a", severity="page"}""", h.Query("ALERTS", 0).Single().Labels);
    }

    [Fact]
    public async Task Templates_use_the_go_template_engine_with_query_and_external_data()
    {
        using var h = new RuleTestHarness(externalLabels: Tsdb.Storage.Labels.FromStrings("cluster", "c1"));
        h.Add("m{instance=\"a\"}", 0, 1234567);
        h.Add("other", 0, 7);
        h.Load("""
            groups:
              - name: g
                rules:
                  - alert: T
                    expr: m > 10
                    labels:
                      tier: '{{ if gt $value 1000.0 }}big{{ else }}small{{ end }}'
                    annotations:
                      v: '{{ $value | humanize }}'
                      q: '{{ with query "other" }}{{ . | first | value }}{{ end }}'
                      ext: '{{ $externalLabels.cluster }} {{ $externalURL }}'
                      bad: '{{ template "nope" . }}'
            """);
        await h.Eval(0);
        var a = h.Rule("T").Alerts.Single();
        Assert.Equal("big", a.Labels.Get("tier"));
        Assert.Equal("1.235M", a.Annotations.Get("v"));
        Assert.Equal("7", a.Annotations.Get("q"));
        Assert.Equal("c1 http://prom:9090", a.Annotations.Get("ext"));
        Assert.StartsWith("<error expanding template: ", a.Annotations.Get("bad"), StringComparison.Ordinal);
    }
}
