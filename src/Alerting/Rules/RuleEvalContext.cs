using Tsdb.PromQL;
using Tsdb.Storage;

namespace Tsdb.Alerting.Rules;

/// <summary>What every rule of a manager shares: storage, engine, templates and the settings rules read.</summary>
internal sealed class RuleEvalContext
{
    public RuleEvalContext(Db db, PromQLEngine engine, Notify.IAlertSink sink, RuleManagerOptions options, IRuleTemplates? templates)
    {
        Db = db;
        Engine = engine;
        Sink = sink;
        Options = options;
        ExternalLabels = options.ExternalLabels;
        ExternalUrl = options.ExternalUrl;
        // The template query function runs against this manager's storage and engine.
        Templates = templates ?? new RuleTemplates((q, t) => Query(q, t));
    }

    public Db Db { get; }

    public PromQLEngine Engine { get; }

    public Notify.IAlertSink Sink { get; }

    public RuleManagerOptions Options { get; }

    public IRuleTemplates Templates { get; }

    public Labels ExternalLabels { get; set; }

    public string ExternalUrl { get; set; }

    /// <summary>An instant query as rules run it: a vector, or a scalar as one sample without labels (rules/manager.go EngineQueryFunc).</summary>
    public IReadOnlyList<(Labels Labels, double Value)> Query(string expr, DateTime t, CancellationToken ct = default)
    {
        var ms = ToMs(t);
        var result = Engine.Instant((mint, maxt) => Db.Querier(mint, maxt), expr, ms, ct);
        switch (result.Value)
        {
            case VectorValue v:
                var list = new List<(Labels, double)>(v.Samples.Count);
                foreach (var s in v.Samples)
                {
                    list.Add((s.Metric, s.V));
                }

                return list;
            case ScalarValue s:
                return [(Labels.Empty, s.V)];
            default:
                throw new RuleEvalException("rule result is not a vector or scalar");
        }
    }

    public static long ToMs(DateTime t) => (t.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;

    public static DateTime FromMs(long ms) => DateTime.UnixEpoch.AddTicks(ms * TimeSpan.TicksPerMillisecond);
}

/// <summary>A rule evaluation error that becomes the rule's lastError.</summary>
internal sealed class RuleEvalException(string message) : Exception(message);
