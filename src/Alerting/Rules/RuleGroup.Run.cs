namespace Tsdb.Alerting.Rules;

internal sealed partial class RuleGroup
{
    private CancellationTokenSource? _stop;
    private Task? _loop;

    public void Dispose() => _stop?.Dispose();

    public void Start()
    {
        _stop = new CancellationTokenSource();
        RuleMetrics.Register(this);
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Stops the schedule after the evaluation in progress, if any, has finished (group.go stop).</summary>
    public async Task StopAsync()
    {
        RuleMetrics.Unregister(this);
        if (_stop is null || _loop is null)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _stop = null;
    }

    /// <summary>
    /// group.go run: wait for the first aligned slot, evaluate; if state must be restored, evaluate
    /// once more (so recording rules have caught up) and restore; then one evaluation per interval,
    /// counting the slots skipped when an evaluation overran.
    /// </summary>
    private async Task RunAsync(CancellationToken stop)
    {
        var clock = _ctx.Options.TimeProvider;
        var evalTs = EvalTimestamp(clock.GetUtcNow().UtcDateTime) + Interval;
        await WaitUntil(evalTs, clock, stop).ConfigureAwait(false);
        await IterAsync(evalTs).ConfigureAwait(false);
        if (ShouldRestore)
        {
            evalTs = await NextTick(evalTs, clock, stop).ConfigureAwait(false);
            await IterAsync(evalTs).ConfigureAwait(false);
            RestoreForState(clock.GetUtcNow().UtcDateTime);
            ShouldRestore = false;
        }

        while (true)
        {
            evalTs = await NextTick(evalTs, clock, stop).ConfigureAwait(false);
            await IterAsync(evalTs).ConfigureAwait(false);
        }
    }

    private async Task<DateTime> NextTick(DateTime last, TimeProvider clock, CancellationToken stop)
    {
        await WaitUntil(last + Interval, clock, stop).ConfigureAwait(false);
        var now = clock.GetUtcNow().UtcDateTime;
        var missed = Math.Max(0, (long)((now - last) / Interval) - 1);
        var key = new KeyValuePair<string, object?>("rule_group", Key);
        if (missed > 0)
        {
            RuleMetrics.IterationsMissed.Add(missed, key);
        }

        RuleMetrics.IterationsScheduled.Add(missed + 1, key);
        return last + (missed + 1) * Interval;
    }

    private async Task IterAsync(DateTime ts)
    {
        try
        {
            // Not cancellable: a stop waits for the evaluation in progress, as Prometheus does.
            await EvalAsync(ts, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _ctx.Options.Log?.Invoke($"rule group {Name} ({File}) evaluation failed: {e.Message}");
        }
    }

    private static async Task WaitUntil(DateTime t, TimeProvider clock, CancellationToken stop)
    {
        var wait = t - clock.GetUtcNow().UtcDateTime;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, stop).ConfigureAwait(false);
        }

        stop.ThrowIfCancellationRequested();
    }
}
