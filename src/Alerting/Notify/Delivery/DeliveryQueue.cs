namespace Tsdb.Alerting.Notify;

/// <summary>
/// A bounded in-memory queue with one background sender: producers never wait (a full queue drops
/// its oldest items and counts them), items go out in batches of up to <c>batchSize</c>, and a
/// batch whose send asks for a retry (5xx, 429, network error) is retried with exponential backoff
/// and jitter, honouring Retry-After, until it succeeds, fails for good, is superseded by a newer
/// queued item, or has been retried for <see cref="DeliveryOptions.MaxRetryDuration"/>. One queue per
/// destination, so a dead destination only delays its own items.
/// </summary>
internal sealed class DeliveryQueue<T> : IAsyncDisposable
    where T : class
{
    private readonly LinkedList<T> _items = new();
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _capacity;
    private readonly int _batchSize;
    private readonly Func<IReadOnlyList<T>, CancellationToken, Task<DeliveryResult>> _send;
    private readonly DeliveryOptions _options;
    private readonly Task _worker;

    /// <param name="send">one attempt for a batch.</param>
    /// <param name="onDropped">called with the number of items dropped because the queue was full.</param>
    /// <param name="onAttempt">called after each attempt with the batch, its result and the latency.</param>
    /// <param name="onGiveUp">called when a batch is abandoned (permanent failure, retries exhausted, superseded, shutdown).</param>
    /// <param name="supersedes">(queued, inFlight): true when a queued item makes retrying the in-flight one pointless.</param>
    public DeliveryQueue(
        int capacity,
        int batchSize,
        DeliveryOptions options,
        Func<IReadOnlyList<T>, CancellationToken, Task<DeliveryResult>> send,
        Action<int>? onDropped = null,
        Action<IReadOnlyList<T>, DeliveryResult, TimeSpan>? onAttempt = null,
        Action<IReadOnlyList<T>, DeliveryResult>? onGiveUp = null,
        Func<T, T, bool>? supersedes = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _capacity = capacity;
        _batchSize = batchSize;
        _options = options;
        _send = send;
        OnDropped = onDropped;
        OnAttempt = onAttempt;
        OnGiveUp = onGiveUp;
        Supersedes = supersedes;

        // A dedicated loop per destination: it awaits network I/O and never blocks a pool thread.
        _worker = Task.Run(RunAsync);
    }

    private Action<int>? OnDropped { get; }

    private Action<IReadOnlyList<T>, DeliveryResult, TimeSpan>? OnAttempt { get; }

    private Action<IReadOnlyList<T>, DeliveryResult>? OnGiveUp { get; }

    private Func<T, T, bool>? Supersedes { get; }

    public int Length
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    public int Capacity => _capacity;

    public void Enqueue(IEnumerable<T> items)
    {
        var dropped = 0;
        var added = 0;
        lock (_lock)
        {
            foreach (var item in items)
            {
                _items.AddLast(item);
                added++;
                if (_items.Count > _capacity)
                {
                    _items.RemoveFirst();
                    dropped++;
                }
            }
        }

        if (dropped > 0)
        {
            OnDropped?.Invoke(dropped);
        }

        if (added > 0)
        {
            _signal.Release();
        }
    }

    public void Enqueue(T item) => Enqueue([item]);

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await _signal.WaitAsync(ct).ConfigureAwait(false);
                while (TakeBatch() is { } batch)
                {
                    await DeliverAsync(batch, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private List<T>? TakeBatch()
    {
        lock (_lock)
        {
            if (_items.Count == 0)
            {
                return null;
            }

            var batch = new List<T>(Math.Min(_batchSize, _items.Count));
            while (batch.Count < _batchSize && _items.First is { } first)
            {
                batch.Add(first.Value);
                _items.RemoveFirst();
            }

            return batch;
        }
    }

    private async Task DeliverAsync(List<T> batch, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var backoff = _options.InitialBackoff;
        while (true)
        {
            DeliveryResult result;
            var attemptStart = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                result = await _send(batch, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                OnGiveUp?.Invoke(batch, new DeliveryResult(DeliveryOutcome.Fail, "shutting down"));
                throw;
            }
            catch (Exception e)
            {
                // A bug or unexpected I/O failure in one notifier must not kill the queue.
                result = new DeliveryResult(DeliveryOutcome.Fail, e.Message, Reason: "other");
            }

            OnAttempt?.Invoke(batch, result, System.Diagnostics.Stopwatch.GetElapsedTime(attemptStart));
            if (result.Outcome == DeliveryOutcome.Success)
            {
                return;
            }

            if (result.Outcome == DeliveryOutcome.Fail || DateTime.UtcNow - started >= _options.MaxRetryDuration || IsSuperseded(batch))
            {
                OnGiveUp?.Invoke(batch, result);
                return;
            }

            var delay = Jitter(backoff);
            if (result.RetryAfter is { } ra)
            {
                delay = ra > _options.MaxRetryAfter ? _options.MaxRetryAfter : (ra > delay ? ra : delay);
            }

            backoff = backoff * 2 > _options.MaxBackoff ? _options.MaxBackoff : backoff * 2;
            try
            {
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                OnGiveUp?.Invoke(batch, new DeliveryResult(DeliveryOutcome.Fail, "shutting down"));
                throw;
            }
        }
    }

    private bool IsSuperseded(List<T> batch)
    {
        if (Supersedes is null || batch.Count != 1)
        {
            return false;
        }

        lock (_lock)
        {
            foreach (var queued in _items)
            {
                if (Supersedes(queued, batch[0]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>±20% so many queues retrying after one outage do not hit the server in step.</summary>
    private static TimeSpan Jitter(TimeSpan d) => d * (0.8 + (Random.Shared.NextDouble() * 0.4));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _worker.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _signal.Dispose();
    }
}
