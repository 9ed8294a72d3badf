using Tsdb.Storage.Wal;

namespace Tsdb.Storage;

/// <summary>
/// Buffers samples and commits them as one batch: validated and applied to memory in order under the
/// head's commit lock, logged to the WAL in the same order, and acknowledged once the WAL record is
/// durable. Reusable after <see cref="Commit"/> or <see cref="Rollback"/>; not thread-safe.
/// </summary>
public sealed class HeadAppender
{
    private readonly Head _head;
    private readonly List<Pending> _pending = [];
    private readonly List<(Labels Labels, long T)> _invalid = [];
    private RefSample[] _walBuffer = new RefSample[64];
    private MemSeries[] _targets = new MemSeries[64];

    internal HeadAppender(Head head) => _head = head;

    public int PendingCount => _pending.Count + _invalid.Count;

    /// <summary>Samples the commit buffers hold without growing (they are kept for reuse).</summary>
    internal int Capacity => Math.Max(_walBuffer.Length, _pending.Capacity);

    /// <summary>
    /// Adds a sample. Pass the ref returned by an earlier call for the same series to skip the label
    /// lookup (labels may then be empty, as with Prometheus's appender), or 0. Returns the series ref (0 when the labels are unusable; the sample is then
    /// reported as rejected by the commit).
    /// </summary>
    public ulong Append(ulong seriesRef, Labels labels, long t, double v)
    {
        // A ref is never reused within a process, so a ref that still resolves names this series; a
        // stale one (GC'd series) resolves to nothing and falls back to the labels. As in Prometheus,
        // empty labels with a live ref mean "this series"; given labels are checked by hash (one load),
        // which catches a caller mixing up refs instead of writing into the wrong series.
        var series = seriesRef != 0 ? _head.SeriesByRef(seriesRef) : null;
        if (series is not null && labels.Count != 0 && series.Labels.Hash != labels.Hash)
        {
            series = null;
        }

        if (series is null)
        {
            if (labels.Count == 0)
            {
                _invalid.Add((labels, t));
                return 0;
            }

            series = _head.GetOrCreate(labels);
        }

        return Append(series, t, v).Ref;
    }

    /// <summary>
    /// Adds a sample to a series the caller already resolved (e.g. through a cache of refs). Returns
    /// the series. Nothing is locked or pinned here: if GC collects the series before the commit, the
    /// commit notices (under the commit lock, the only place GC marks series deleted) and sends the
    /// sample to the series its labels name then, created afresh (and logged) if need be.
    /// </summary>
    internal MemSeries Append(MemSeries series, long t, double v)
    {
        _pending.Add(new Pending(series, t, v));
        return series;
    }

    /// <summary>Commits and waits for durability, blocking the calling thread.</summary>
    public AppendResult Commit()
    {
        var (result, position) = Apply();
        _head.Log.Wait(position);
        return result;
    }

    /// <summary>Commits and completes once the batch is durable in the WAL.</summary>
    public async ValueTask<AppendResult> CommitAsync(CancellationToken ct = default)
    {
        var (result, position) = Apply();
        await _head.Log.WaitAsync(position, ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>Drops everything appended since the last commit.</summary>
    public void Rollback()
    {
        Clear();
    }

    private void Clear()
    {
        _pending.Clear();
        _invalid.Clear();
    }

    /// <summary>
    /// Under the commit lock: validates the whole batch, logs exactly the accepted samples, then applies
    /// them. If logging throws, memory is untouched and nothing is acknowledged, so a retry logs again.
    /// </summary>
    private (AppendResult Result, long Position) Apply()
    {
        try
        {
            if (_walBuffer.Length < _pending.Count)
            {
                _walBuffer = new RefSample[Math.Max(_pending.Count, _walBuffer.Length * 2)];
                _targets = new MemSeries[_walBuffer.Length];
            }

            while (true)
            {
                if (TryApply(out var applied))
                {
                    return applied;
                }

                // GC collected a series of the batch after it was looked up; nothing was logged or
                // applied. Find or create (and log) the series its labels name now, outside the commit
                // lock (creation takes the creation lock, which comes first), and try again.
                Reresolve();
            }
        }
        finally
        {
            Array.Clear(_targets, 0, Math.Min(_pending.Count, _targets.Length));
            Clear();
        }
    }

    /// <summary>
    /// One attempt at <see cref="Apply"/>; false, with nothing logged or applied, when a series of the
    /// batch was garbage-collected. GC marks series deleted only under the commit lock, so a series seen
    /// live here stays live until the lock is released.
    /// </summary>
    private bool TryApply(out (AppendResult Result, long Position) applied)
    {
        var result = new AppendResult();
        foreach (var (labels, t) in _invalid)
        {
            result.Reject(labels, t, AppendError.InvalidLabels);
        }

        lock (_head.CommitLock)
        {
            // A new epoch per attempt: the Pending* fields an abandoned attempt wrote are ignored.
            var epoch = ++_head.CommitEpoch;
            var minValid = _head.MinValidTime;
            var accepted = 0;
            foreach (var p in _pending)
            {
                if (p.Series.Deleted)
                {
                    applied = default;
                    return false;
                }

                var err = Validate(p.Series, p.T, p.V, epoch, minValid, out var repeat);
                if (err != AppendError.None)
                {
                    result.Reject(p.Series.Labels, p.T, err);
                    continue;
                }

                result.Appended++;
                if (repeat)
                {
                    continue;
                }

                p.Series.PendingEpoch = epoch;
                p.Series.PendingT = p.T;
                p.Series.PendingV = p.V;
                _walBuffer[accepted] = new RefSample(p.Series.Ref, p.T, p.V);
                _targets[accepted++] = p.Series;
            }

            // WAL first: replay must be able to rebuild everything memory is about to show.
            var position = _head.Log.LogSamples(_walBuffer.AsSpan(0, accepted));
            ApplyAccepted(accepted);
            applied = (result, position);
            return true;
        }
    }

    /// <summary>Points the batch's samples of collected series at the series their labels name now.</summary>
    private void Reresolve()
    {
        MemSeries? from = null, to = null;
        for (var i = 0; i < _pending.Count; i++)
        {
            var s = _pending[i].Series;
            if (!s.Deleted)
            {
                continue;
            }

            if (!ReferenceEquals(s, from))
            {
                (from, to) = (s, _head.GetOrCreate(s.Labels));
            }

            _pending[i] = _pending[i] with { Series = to! };
        }
    }

    /// <summary>Validates against the series' newest sample, or the batch's own earlier one for it.</summary>
    private static AppendError Validate(MemSeries s, long t, double v, long epoch, long minValid, out bool repeat)
    {
        repeat = false;
        if (t < minValid)
        {
            return AppendError.OutOfBounds;
        }

        long lastT;
        double lastV;
        if (s.PendingEpoch == epoch)
        {
            (lastT, lastV) = (s.PendingT, s.PendingV);
        }
        else if (s.ChunkCount > 0)
        {
            (lastT, lastV) = (s.MaxTime, s.LastValue);
        }
        else
        {
            return AppendError.None;
        }

        if (t < lastT)
        {
            return AppendError.OutOfOrder;
        }

        if (t == lastT)
        {
            // Bit-exact, so NaN repeats NaN and a staleness marker differs from an ordinary NaN.
            repeat = BitConverter.DoubleToInt64Bits(v) == BitConverter.DoubleToInt64Bits(lastV);
            return repeat ? AppendError.None : AppendError.DuplicateTimestamp;
        }

        return AppendError.None;
    }

    private void ApplyAccepted(int count)
    {
        var chunkRange = _head.Options.ChunkRange;
        long mint = long.MaxValue, maxt = long.MinValue;
        var newChunks = 0;
        for (var i = 0; i < count;)
        {
            // One lock round trip per run of samples of the same series (a remote-write entry carries
            // many samples of one series; a scrape or Prometheus' per-sample shape, one).
            var s = _targets[i];
            lock (s)
            {
                do
                {
                    var (_, t, v) = _walBuffer[i];
                    var err = s.Append(t, v, chunkRange, out var cut);
                    System.Diagnostics.Debug.Assert(err == AppendError.None, "validated under the same commit lock");
                    newChunks += cut ? 1 : 0;
                    mint = Math.Min(mint, t);
                    maxt = Math.Max(maxt, t);
                    i++;
                }
                while (i < count && ReferenceEquals(_targets[i], s));
            }
        }

        if (count > 0)
        {
            _head.UpdateTimeBounds(mint, maxt, count, newChunks);
        }
    }

    private readonly record struct Pending(MemSeries Series, long T, double V);
}
