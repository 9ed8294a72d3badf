using Tsdb.Alerting.Notify;
using Tsdb.Config;
using Tsdb.PromQL;
using Tsdb.Storage;

namespace Tsdb.Alerting.Rules;

/// <summary>
/// Loads rule files into groups and runs them (Prometheus rules/manager.go). <see cref="Update"/>
/// validates every file first and leaves the running groups alone when any is invalid; groups that
/// did not change keep running, changed ones take over their predecessor's state, removed ones
/// stale-mark their series. <see cref="Groups"/> gives immutable snapshots for the HTTP API.
/// </summary>
public sealed class RuleManager : IDisposable
{
    private readonly RuleEvalContext _ctx;
    private readonly SemaphoreSlim _updateLock = new(1, 1);
    private readonly List<Task> _pendingStale = [];
    private volatile IReadOnlyList<RuleGroup> _groups = [];
    private bool _loadedOnce;
    private bool _disposed;

    public RuleManager(Db db, PromQLEngine engine, IAlertSink sink, RuleManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        _ctx = new RuleEvalContext(db, engine, sink, options, options.Templates);
    }

    public RuleManagerOptions Options => _ctx.Options;

    /// <summary>
    /// Replaces the rule set. <paramref name="ruleFiles"/> are paths or globs (relative ones against
    /// the current directory; use <see cref="RuleFileGlobs.Resolve"/> for config-relative ones).
    /// Throws <see cref="ConfigException"/> listing every problem when any file is invalid; the
    /// running groups are then untouched.
    /// </summary>
    public void Update(IReadOnlyList<string> ruleFiles, TimeSpan evaluationInterval, Labels externalLabels,
        string? externalUrl = null, TimeSpan? queryOffset = null) =>
        UpdateAsync(ruleFiles, evaluationInterval, externalLabels, externalUrl, queryOffset).GetAwaiter().GetResult();

    public async Task UpdateAsync(IReadOnlyList<string> ruleFiles, TimeSpan evaluationInterval, Labels externalLabels,
        string? externalUrl = null, TimeSpan? queryOffset = null)
    {
        ArgumentNullException.ThrowIfNull(ruleFiles);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (evaluationInterval <= TimeSpan.Zero)
        {
            evaluationInterval = _ctx.Options.DefaultEvaluationInterval;
        }

        var files = new List<RuleFile>();
        var errors = new List<RuleFileError>();
        foreach (var pattern in ruleFiles)
        {
            foreach (var path in RuleFileGlobs.Glob(pattern))
            {
                var (file, errs) = RuleFileParser.ParseFile(path, _ctx.Templates);
                errors.AddRange(errs);
                if (file is not null)
                {
                    files.Add(file);
                }
            }
        }

        if (errors.Count > 0)
        {
            throw RuleFileException.From(errors);
        }

        await _updateLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _ctx.ExternalLabels = externalLabels ?? Labels.Empty;
            _ctx.ExternalUrl = externalUrl ?? _ctx.Options.ExternalUrl;
            var shouldRestore = !_loadedOnce;
            _loadedOnce = true;
            var old = _groups.ToDictionary(g => g.Key, StringComparer.Ordinal);
            var next = new List<RuleGroup>();
            var started = new List<RuleGroup>();
            foreach (var file in files)
            {
                foreach (var desc in file.Groups)
                {
                    var g = Build(file.Path, desc, evaluationInterval, queryOffset ?? TimeSpan.Zero, shouldRestore);
                    if (old.Remove(g.Key, out var prev))
                    {
                        if (SameDefinition(prev, g))
                        {
                            next.Add(prev);
                            continue;
                        }

                        await prev.StopAsync().ConfigureAwait(false);
                        g.CopyState(prev);
                    }

                    next.Add(g);
                    started.Add(g);
                }
            }

            foreach (var removed in old.Values)
            {
                await removed.StopAsync().ConfigureAwait(false);
                _pendingStale.Add(MarkStaleLater(removed));
            }

            next.Sort(static (a, b) => a.File != b.File ? string.CompareOrdinal(a.File, b.File) : string.CompareOrdinal(a.Name, b.Name));
            _groups = next;
            if (_ctx.Options.RunSchedules)
            {
                foreach (var g in started)
                {
                    g.Start();
                }
            }
        }
        finally
        {
            _updateLock.Release();
        }
    }

    /// <summary>The groups, sorted by file then name, as of their last evaluation.</summary>
    public IReadOnlyList<RuleGroupSnapshot> Groups()
    {
        var groups = _groups;
        var result = new RuleGroupSnapshot[groups.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = groups[i].Snapshot;
        }

        return result;
    }

    /// <summary>Evaluates every group once at <paramref name="ts"/>, in order (tests and <c>tsdb test rules</c>).</summary>
    internal async Task EvaluateAllAsync(DateTime ts, IReadOnlyList<string>? groupOrder = null)
    {
        foreach (var g in Ordered(groupOrder))
        {
            await g.EvalAsync(ts).ConfigureAwait(false);
        }
    }

    /// <summary>Restores alert state of every group from ALERTS_FOR_STATE at <paramref name="ts"/>.</summary>
    internal void RestoreAll(DateTime ts)
    {
        foreach (var g in _groups)
        {
            g.RestoreForState(ts);
            g.ShouldRestore = false;
        }
    }

    /// <summary>Marks every alerting rule as restored, so ALERTS series are written from the first evaluation.</summary>
    internal void SkipRestore()
    {
        foreach (var g in _groups)
        {
            g.ShouldRestore = false;
            foreach (var r in g.Rules)
            {
                if (r is AlertingRule ar)
                {
                    ar.Restored = true;
                }
            }
        }
    }

    internal IReadOnlyList<RuleGroup> RuleGroups => _groups;

    internal RuleEvalContext Context => _ctx;

    internal Task StalePending => Task.WhenAll(_pendingStale);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var g in _groups)
        {
            g.StopAsync().GetAwaiter().GetResult();
        }

        _groups = [];
        _updateLock.Dispose();
    }

    private IEnumerable<RuleGroup> Ordered(IReadOnlyList<string>? order)
    {
        if (order is null || order.Count == 0)
        {
            return _groups;
        }

        // promtool's group_eval_order is a partial order: listed groups first, in that order.
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < order.Count; i++)
        {
            rank.TryAdd(order[i], i);
        }

        return _groups.OrderBy(g => rank.TryGetValue(g.Name, out var r) ? r : 0);
    }

    /// <summary>Stale markers for a removed group after two intervals, so a renamed rule can take over its series first.</summary>
    private async Task MarkStaleLater(RuleGroup g)
    {
        var clock = _ctx.Options.TimeProvider;
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            if (_ctx.Options.RunSchedules)
            {
                await Task.Delay(2 * g.Interval, clock).ConfigureAwait(false);
            }

            await g.MarkStaleAsync(now).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
        {
            _ctx.Options.Log?.Invoke($"stale markers for removed group {g.Name}: {e.Message}");
        }
    }

    private RuleGroup Build(string file, RuleGroupDesc desc, TimeSpan interval, TimeSpan queryOffset, bool shouldRestore)
    {
        var rules = new List<Rule>(desc.Rules.Count);
        foreach (var r in desc.Rules)
        {
            var lb = new LabelsBuilder();
            foreach (var (k, v) in desc.Labels)
            {
                lb.Set(k, v);
            }

            foreach (var (k, v) in r.Labels)
            {
                lb.Set(k, v);
            }

            if (r.IsAlerting)
            {
                var ab = new LabelsBuilder();
                foreach (var (k, v) in r.Annotations)
                {
                    ab.Set(k, v);
                }

                rules.Add(new AlertingRule(r, lb.Build(), ab.Build(), restored: !shouldRestore));
            }
            else
            {
                rules.Add(new RecordingRule(r, lb.Build()));
            }
        }

        return new RuleGroup(desc.Name, file, desc.Interval ?? interval, desc.Limit, desc.QueryOffset ?? queryOffset, rules, shouldRestore, _ctx);
    }

    private static bool SameDefinition(RuleGroup a, RuleGroup b)
    {
        if (a.Interval != b.Interval || a.Limit != b.Limit || a.QueryOffset != b.QueryOffset || a.Rules.Count != b.Rules.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Rules.Count; i++)
        {
            var x = a.Rules[i];
            var y = b.Rules[i];
            if (x.GetType() != y.GetType() || x.Name != y.Name || x.Query != y.Query || !x.Labels.Equals(y.Labels)
                || x.Desc.For != y.Desc.For || x.Desc.KeepFiringFor != y.Desc.KeepFiringFor
                || (x is AlertingRule ax && y is AlertingRule ay && !ax.Annotations.Equals(ay.Annotations)))
            {
                return false;
            }
        }

        return true;
    }
}
