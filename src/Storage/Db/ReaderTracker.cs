namespace Tsdb.Storage;

/// <summary>
/// Counts open queriers per generation. Persisting the head bumps the generation after publishing
/// the new block, then waits until every querier of an older generation (which may not see that
/// block) is closed before the head drops the persisted chunks (Prometheus waits for pending readers
/// the same way before truncating its head).
/// </summary>
internal sealed class ReaderTracker
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, int> _open = [];
    private long _generation;

    public long Enter()
    {
        lock (_lock)
        {
            _open[_generation] = _open.GetValueOrDefault(_generation) + 1;
            return _generation;
        }
    }

    public void Exit(long generation)
    {
        lock (_lock)
        {
            var n = _open[generation] - 1;
            if (n == 0)
            {
                _open.Remove(generation);
            }
            else
            {
                _open[generation] = n;
            }
        }
    }

    /// <summary>Starts a new generation; returns it.</summary>
    public long Advance()
    {
        lock (_lock)
        {
            return ++_generation;
        }
    }

    /// <summary>
    /// Blocks until no querier older than <paramref name="generation"/> is open. Never gives up on its
    /// own (truncating under such a querier would hide committed data from it); calls
    /// <paramref name="stillWaiting"/> every <paramref name="warnEvery"/>. False when cancelled.
    /// </summary>
    public bool WaitForOlderThan(long generation, TimeSpan warnEvery, Action<TimeSpan>? stillWaiting, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var nextWarning = started + warnEvery;
        while (true)
        {
            lock (_lock)
            {
                var any = false;
                foreach (var g in _open.Keys)
                {
                    any |= g < generation;
                }

                if (!any)
                {
                    return true;
                }
            }

            if (ct.WaitHandle.WaitOne(10))
            {
                return false;
            }

            if (DateTime.UtcNow > nextWarning)
            {
                stillWaiting?.Invoke(DateTime.UtcNow - started);
                nextWarning += warnEvery;
            }
        }
    }
}
