using System.Diagnostics.Metrics;

namespace Tsdb.Alerting.Tests.Rules;

public sealed class RuleMetricsTests
{
    [Fact]
    public async Task Evaluations_and_failures_are_counted_per_group()
    {
        using var h = new RuleTestHarness();
        h.Load("groups: [{name: metrics_group, rules: [{record: ok, expr: '1'}, {record: bad, expr: '\"s\"'}]}]");
        var counts = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (inst, l) =>
        {
            if (inst.Meter.Name == "Tsdb.Rules")
            {
                l.EnableMeasurementEvents(inst);
            }
        };
        listener.SetMeasurementEventCallback<long>((inst, value, tags, _) =>
        {
            foreach (var t in tags)
            {
                if (t.Key == "rule_group" && ((string)t.Value!).EndsWith(";metrics_group", StringComparison.Ordinal))
                {
                    lock (counts)
                    {
                        counts[inst.Name] = counts.GetValueOrDefault(inst.Name) + value;
                    }
                }
            }
        });
        listener.Start();
        await h.Eval(0);
        Assert.Equal(2, counts["prometheus_rule_evaluations_total"]);
        Assert.Equal(1, counts["prometheus_rule_evaluation_failures_total"]);
    }
}
