using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Tsdb.Alerting.Rules;

/// <summary>
/// The rule engine's self-metrics under Prometheus's names (rules/group.go Metrics), labelled
/// <c>rule_group="file;name"</c>. Gauges read the groups currently registered.
/// </summary>
internal static class RuleMetrics
{
    public static readonly Meter Meter = new("Tsdb.Rules");

    public static readonly Counter<long> Evaluations = Meter.CreateCounter<long>("prometheus_rule_evaluations_total",
        description: "The total number of rule evaluations.");

    public static readonly Counter<long> EvaluationFailures = Meter.CreateCounter<long>("prometheus_rule_evaluation_failures_total",
        description: "The total number of rule evaluation failures.");

    public static readonly Counter<long> IterationsMissed = Meter.CreateCounter<long>("prometheus_rule_group_iterations_missed_total",
        description: "The total number of rule group evaluations missed due to slow rule group evaluation.");

    public static readonly Counter<long> IterationsScheduled = Meter.CreateCounter<long>("prometheus_rule_group_iterations_total",
        description: "The total number of scheduled rule group evaluations, whether executed or missed.");

    private static readonly ConcurrentDictionary<RuleGroup, (double LastDuration, double LastEval)> _groups = new();

    static RuleMetrics()
    {
        Meter.CreateObservableGauge("prometheus_rule_group_last_duration_seconds",
            () => Observe(static (g, v) => v.LastDuration), description: "The duration of the last rule group evaluation.");
        Meter.CreateObservableGauge("prometheus_rule_group_last_evaluation_timestamp_seconds",
            () => Observe(static (g, v) => v.LastEval), description: "The timestamp of the last rule group evaluation in seconds.");
        Meter.CreateObservableGauge("prometheus_rule_group_interval_seconds",
            () => Observe(static (g, v) => g.Interval.TotalSeconds), description: "The interval of a rule group.");
        Meter.CreateObservableGauge("prometheus_rule_group_rules",
            () => Observe(static (g, v) => g.Rules.Count), description: "The number of rules.");
    }

    public static void Register(RuleGroup g) => _groups.TryAdd(g, (0, 0));

    public static void Unregister(RuleGroup g) => _groups.TryRemove(g, out _);

    public static void RecordGroup(RuleGroup g)
    {
        if (_groups.ContainsKey(g))
        {
            _groups[g] = (g.EvaluationTime.TotalSeconds, (g.LastEvaluation - DateTime.UnixEpoch).TotalSeconds);
        }
    }

    private static IEnumerable<Measurement<double>> Observe(Func<RuleGroup, (double LastDuration, double LastEval), double> f)
    {
        foreach (var (g, v) in _groups)
        {
            yield return new Measurement<double>(f(g, v), new KeyValuePair<string, object?>("rule_group", g.Key));
        }
    }
}
