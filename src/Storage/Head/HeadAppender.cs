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

    internal HeadAppender(Head head) => _head = head;

    public int PendingCount => _pending.Count + _invalid.Count;

    /// <summary>
    /// Adds a sample. Pass the ref returned by an earlier call for the same series to skip the label
    /// lookup (the ref is trusted, as Prometheus does), or 0. Returns the series ref (0 when the labels are unusable; the sample is then
    /// reported as rejected by the commit).
    /// </summary>
    public ulong Append(ulong seriesRef, Labels labels, long t, double v)
    {
        // A ref is never reused within a process, so a ref that still resolves names this series; a
        // stale one (GC'd series) resolves to nothing and falls back to the labels.
        var series = seriesRef != 0 ? _head.SeriesByRef(seriesRef) : null;
        if (series is null)
        {
            if (labels.Count == 0)
            {
                _invalid.Add((labels, t));
                return 0;
            }

            series = _head.GetOrCreate(labels);
        }

        while (true)
        {
            lock (series)
            {
                if (!series.Deleted)
                {
                    series.PendingCommits++;
                    break;
                }
            }

            // Garbage-collected between lookup and pinning: the next lookup creates it afresh.
            series = _head.GetOrCreate(labels);
        }

        _pending.Add(new Pending(series, t, v));
        return series.Ref;
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
        foreach (var p in _pending)
        {
            lock (p.Series)
            {
                p.Series.PendingCommits--;
            }
        }

        _pending.Clear();
        _invalid.Clear();
    }

    private (AppendResult Result, long Position) Apply()
    {
        var result = new AppendResult();
        foreach (var (labels, t) in _invalid)
        {
            result.Reject(labels, t, AppendError.InvalidLabels);
        }

        if (_walBuffer.Length < _pending.Count)
        {
            _walBuffer = new RefSample[Math.Max(_pending.Count, _walBuffer.Length * 2)];
        }

        long position;
        lock (_head.CommitLock)
        {
            var chunkRange = _head.Options.ChunkRange;
            var minValid = _head.MinValidTime;
            long mint = long.MaxValue, maxt = long.MinValue;
            int logged = 0, newChunks = 0;
            foreach (var p in _pending)
            {
                var s = p.Series;
                AppendError err;
                var repeat = false;
                var cut = false;
                lock (s)
                {
                    s.PendingCommits--;
                    if (p.T < minValid)
                    {
                        err = AppendError.OutOfBounds;
                    }
                    else
                    {
                        repeat = s.IsRepeat(p.T, p.V);
                        err = repeat ? AppendError.None : s.Append(p.T, p.V, chunkRange, out cut);
                        if (err == AppendError.None && !repeat && cut)
                        {
                            newChunks++;
                        }
                    }
                }

                if (err != AppendError.None)
                {
                    result.Reject(s.Labels, p.T, err);
                    continue;
                }

                result.Appended++;
                if (repeat)
                {
                    continue;
                }

                _walBuffer[logged++] = new RefSample(s.Ref, p.T, p.V);
                mint = Math.Min(mint, p.T);
                maxt = Math.Max(maxt, p.T);
            }

            position = _head.Log.LogSamples(_walBuffer.AsSpan(0, logged));
            if (logged > 0)
            {
                _head.UpdateTimeBounds(mint, maxt, logged, newChunks);
            }
        }

        _pending.Clear();
        _invalid.Clear();
        return (result, position);
    }

    private readonly record struct Pending(MemSeries Series, long T, double V);
}
