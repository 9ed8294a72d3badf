using System.Diagnostics;
using Tsdb.Storage;

namespace Tsdb.Alerting.Rules;

/// <summary>
/// A rule group (Prometheus rules/group.go): its rules run in file order at one timestamp on an
/// interval-aligned schedule; each rule's samples are committed before the next rule runs, so later
/// rules see earlier rules' output of the same cycle. A failing rule never stops the others.
/// </summary>
internal sealed partial class RuleGroup : IDisposable
{
    private readonly RuleEvalContext _ctx;

    /// <summary>Series each rule wrote in its previous evaluation, for stale markers (group.go seriesInPreviousEval).</summary>
    private HashSet<Labels>[] _seriesInPreviousEval;

    private volatile RuleGroupSnapshot? _snapshot;

    public RuleGroup(string name, string file, TimeSpan interval, int limit, TimeSpan queryOffset, IReadOnlyList<Rule> rules,
        bool shouldRestore, RuleEvalContext ctx)
    {
        Name = name;
        File = file;
        Interval = interval;
        Limit = limit;
        QueryOffset = queryOffset;
        Rules = rules;
        ShouldRestore = shouldRestore;
        _ctx = ctx;
        _seriesInPreviousEval = new HashSet<Labels>[rules.Count];
        for (var i = 0; i < rules.Count; i++)
        {
            _seriesInPreviousEval[i] = [];
        }
    }

    public string Name { get; }

    public string File { get; }

    public TimeSpan Interval { get; }

    public int Limit { get; }

    public TimeSpan QueryOffset { get; }

    public IReadOnlyList<Rule> Rules { get; }

    public bool ShouldRestore { get; set; }

    public TimeSpan EvaluationTime { get; private set; }

    public DateTime LastEvaluation { get; private set; }

    /// <summary>"file;name", the key under which state carries over a reload (manager.go GroupKey).</summary>
    public string Key => File + ";" + Name;

    public RuleGroupSnapshot Snapshot => _snapshot ?? BuildSnapshot();

    /// <summary>
    /// The first evaluation timestamp at or before <paramref name="now"/>: interval-aligned plus a
    /// stable per-group offset, so groups spread over the interval (group.go EvalTimestamp).
    /// </summary>
    public DateTime EvalTimestamp(DateTime now)
    {
        var intervalMs = (long)Interval.TotalMilliseconds;
        var offset = (long)(Labels.FromStrings("name", Name, "file", File).Hash % (ulong)intervalMs);
        var adj = RuleEvalContext.ToMs(now) - offset;
        var baseMs = adj - (((adj % intervalMs) + intervalMs) % intervalMs);
        return RuleEvalContext.FromMs(baseMs + offset);
    }

    /// <summary>Evaluates every rule once at <paramref name="ts"/> and sends due alerts.</summary>
    public async Task EvalAsync(DateTime ts, CancellationToken ct = default)
    {
        var sw = Stopwatch.StartNew();
        var sampleTs = RuleEvalContext.ToMs(ts - QueryOffset);
        for (var i = 0; i < Rules.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var rule = Rules[i];
            RuleMetrics.Evaluations.Add(1, new KeyValuePair<string, object?>("rule_group", Key));
            var vector = rule.EvalRecorded(_ctx, ts, QueryOffset, Limit, ct);
            if (vector is null)
            {
                RuleMetrics.EvaluationFailures.Add(1, new KeyValuePair<string, object?>("rule_group", Key));
                _ctx.Options.Log?.Invoke($"rule evaluation failed: group={Name} file={File} rule={rule.Name}: {rule.LastError}");
                rule.Publish();
                continue;
            }

            if (rule is AlertingRule ar)
            {
                var toSend = ar.AlertsToSend(_ctx, ts, Interval);
                if (toSend.Count > 0)
                {
                    _ctx.Sink.Send(toSend);
                }
            }

            var app = _ctx.Db.Appender();
            var returned = new HashSet<Labels>();
            foreach (var (labels, value) in vector)
            {
                app.Append(0, labels, sampleTs, value);
                returned.Add(labels);
            }

            foreach (var old in _seriesInPreviousEval[i])
            {
                if (!returned.Contains(old))
                {
                    app.Append(0, old, sampleTs, StaleNaN.Value);
                }
            }

            _seriesInPreviousEval[i] = returned;
            var result = await app.CommitAsync(ct).ConfigureAwait(false);
            if (result.Rejected > 0)
            {
                // Out-of-order and duplicate samples are logged, not rule errors (group.go).
                _ctx.Options.Log?.Invoke($"rule {rule.Name} in group {Name}: {result.Describe()}");
            }

            rule.Publish();
        }

        EvaluationTime = sw.Elapsed;
        LastEvaluation = ts;
        RuleMetrics.RecordGroup(this);
        _snapshot = BuildSnapshot();
    }

    /// <summary>Stale-marks every series the group's rules wrote last (a removed group, group.go markStale).</summary>
    public async Task MarkStaleAsync(DateTime ts)
    {
        var app = _ctx.Db.Appender();
        var t = RuleEvalContext.ToMs(ts);
        var any = false;
        foreach (var set in _seriesInPreviousEval)
        {
            foreach (var l in set)
            {
                app.Append(0, l, t, StaleNaN.Value);
                any = true;
            }
        }

        _seriesInPreviousEval = [];
        if (any)
        {
            await app.CommitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Takes over the state of the same group before a reload (group.go CopyState): evaluation
    /// times, previous series and active alerts of rules with the same name, matched in order.
    /// </summary>
    public void CopyState(RuleGroup from)
    {
        EvaluationTime = from.EvaluationTime;
        LastEvaluation = from.LastEvaluation;
        ShouldRestore = from.ShouldRestore;
        var byName = new Dictionary<string, Queue<int>>(StringComparer.Ordinal);
        for (var i = 0; i < from.Rules.Count; i++)
        {
            var key = from.Rules[i].Name;
            if (!byName.TryGetValue(key, out var q))
            {
                byName[key] = q = new Queue<int>();
            }

            q.Enqueue(i);
        }

        for (var i = 0; i < Rules.Count; i++)
        {
            if (!byName.TryGetValue(Rules[i].Name, out var q) || q.Count == 0)
            {
                continue;
            }

            var j = q.Dequeue();
            var old = from.Rules[j];
            if (j < from._seriesInPreviousEval.Length)
            {
                _seriesInPreviousEval[i] = from._seriesInPreviousEval[j];
            }

            Rules[i].Health = old.Health;
            Rules[i].LastError = old.LastError;
            Rules[i].EvaluationTime = old.EvaluationTime;
            Rules[i].LastEvaluation = old.LastEvaluation;
            if (Rules[i] is AlertingRule nar && old is AlertingRule oar)
            {
                nar.Active = oar.Active;
                nar.Restored = oar.Restored;
            }

            Rules[i].Publish();
        }

        // Series of rules that no longer exist still need their stale markers.
        var leftover = new HashSet<Labels>();
        foreach (var (_, q) in byName)
        {
            foreach (var j in q)
            {
                if (j < from._seriesInPreviousEval.Length)
                {
                    leftover.UnionWith(from._seriesInPreviousEval[j]);
                }
            }
        }

        if (leftover.Count > 0 && Rules.Count > 0)
        {
            _seriesInPreviousEval[0].UnionWith(leftover);
        }

        _snapshot = BuildSnapshot();
    }

    private RuleGroupSnapshot BuildSnapshot()
    {
        var rules = new RuleSnapshot[Rules.Count];
        for (var i = 0; i < rules.Length; i++)
        {
            rules[i] = Rules[i].Snapshot;
        }

        return new RuleGroupSnapshot(Name, File, Interval, Limit, QueryOffset, rules, EvaluationTime, LastEvaluation);
    }
}
