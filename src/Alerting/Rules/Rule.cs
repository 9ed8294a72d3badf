using System.Diagnostics;
using Tsdb.PromQL.Parser;
using Tsdb.Storage;

namespace Tsdb.Alerting.Rules;

/// <summary>
/// A recording or alerting rule inside a group. Evaluation and its state belong to the group's
/// evaluation loop; other threads read the <see cref="Snapshot"/> published after each evaluation.
/// </summary>
internal abstract class Rule
{
    private volatile RuleSnapshot? _snapshot;

    protected Rule(RuleDesc desc, Labels labels)
    {
        Desc = desc;
        Labels = labels;
        Query = PromQLPrinter.Print(desc.ParsedExpr);
    }

    public RuleDesc Desc { get; }

    public string Name => Desc.Name;

    /// <summary>The rule's labels with the group's labels underneath (rule labels win).</summary>
    public Labels Labels { get; }

    public string Query { get; }

    public RuleHealth Health { get; set; }

    public string? LastError { get; set; }

    public TimeSpan EvaluationTime { get; set; }

    public DateTime LastEvaluation { get; set; }

    public RuleSnapshot Snapshot => _snapshot ??= BuildSnapshot();

    /// <summary>Samples to write at the evaluation time (minus the query offset); throws on a rule error.</summary>
    public abstract List<(Labels Labels, double Value)> Eval(RuleEvalContext ctx, DateTime ts, TimeSpan queryOffset, int limit, CancellationToken ct);

    public void Publish() => _snapshot = BuildSnapshot();

    protected abstract RuleSnapshot BuildSnapshot();

    /// <summary>Runs <see cref="Eval"/>, recording health, error and duration as group.go does.</summary>
    public List<(Labels Labels, double Value)>? EvalRecorded(RuleEvalContext ctx, DateTime ts, TimeSpan queryOffset, int limit, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        LastEvaluation = ts;
        try
        {
            var result = Eval(ctx, ts, queryOffset, limit, ct);
            Health = RuleHealth.Ok;
            LastError = null;
            return result;
        }
        catch (Exception e) when (e is RuleEvalException or PromQL.PromQLException or InvalidOperationException or ArgumentException)
        {
            Health = RuleHealth.Err;
            LastError = e.Message;
            return null;
        }
        finally
        {
            EvaluationTime = sw.Elapsed;
        }
    }
}
