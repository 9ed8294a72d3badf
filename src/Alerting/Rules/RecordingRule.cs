using Tsdb.Storage;

namespace Tsdb.Alerting.Rules;

/// <summary>A recording rule (Prometheus rules/recording.go): the result renamed to <c>record</c>, rule labels applied.</summary>
internal sealed class RecordingRule(RuleDesc desc, Labels labels) : Rule(desc, labels)
{
    public override List<(Labels Labels, double Value)> Eval(RuleEvalContext ctx, DateTime ts, TimeSpan queryOffset, int limit, CancellationToken ct)
    {
        var vector = ctx.Query(Query, ts - queryOffset, ct);
        var result = new List<(Labels, double)>(vector.Count);
        var seen = new HashSet<Labels>();
        var lb = new LabelsBuilder();
        foreach (var (metric, value) in vector)
        {
            lb.Reset(metric);
            lb.Set(Label.MetricName, Name);
            foreach (var l in Labels)
            {
                lb.Set(l.Name, l.Value);
            }

            var built = lb.Build();
            if (!seen.Add(built))
            {
                throw new RuleEvalException("vector contains metrics with the same labelset after applying rule labels");
            }

            result.Add((built, value));
        }

        if (limit > 0 && result.Count > limit)
        {
            throw new RuleEvalException($"exceeded limit of {limit} with {result.Count} series");
        }

        return result;
    }

    protected override RuleSnapshot BuildSnapshot() =>
        new(Name, Query, false, Labels, Labels.Empty, TimeSpan.Zero, TimeSpan.Zero, AlertState.Inactive, [], Health, LastError,
            EvaluationTime, LastEvaluation);
}
