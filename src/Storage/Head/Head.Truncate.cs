namespace Tsdb.Storage;

public sealed partial class Head
{
    /// <summary>
    /// Drops data older than <paramref name="mint"/> (persisted into a block), removes series left
    /// without chunks, and rejects later samples older than mint. Returns the number of removed series.
    /// A series may be removed while an appender holds uncommitted samples for it: series are marked
    /// deleted only here, under the commit lock, and a commit that finds one of its series deleted sends
    /// the samples to the series their labels name then (see HeadAppender.Apply).
    /// </summary>
    public int Truncate(long mint)
    {
        var removed = new HashSet<ulong>();
        var removedLabels = new List<Labels>();
        // Lock order everywhere: creation lock, then commit lock, then a series. Holding the commit
        // lock keeps the time bounds exact; truncation runs once per block range, so the pause is rare.
        lock (_createLock)
        {
            lock (CommitLock)
            {
                if (mint > _minValidTime)
                {
                    Volatile.Write(ref _minValidTime, mint);
                }

                long newMin = long.MaxValue, newMax = long.MinValue;
                foreach (var s in _byRef.Values)
                {
                    lock (s)
                    {
                        if (!s.TruncateBefore(mint))
                        {
                            if (s.ChunkCount > 0)
                            {
                                newMin = Math.Min(newMin, s.MinTime);
                                newMax = Math.Max(newMax, s.MaxTime);
                            }

                            continue;
                        }

                        s.Deleted = true;
                        s.NextHint = null;
                    }

                    removed.Add(s.Ref);
                    removedLabels.Add(s.Labels);
                    _byRef.TryRemove(s.Ref, out _);
                    RemoveFromHashChain(s);
                }

                Volatile.Write(ref _minTime, newMin);
                Volatile.Write(ref _maxTime, newMax);
            }

            foreach (var (alias, target) in _aliases)
            {
                if (target.Deleted)
                {
                    _aliases.TryRemove(alias, out _);
                }
            }

            _postings.Delete(removed, removedLabels);
            _tombstones.Retain(r => !removed.Contains(r), mint);
            Interlocked.Add(ref _seriesRemoved, removed.Count);
            if (removed.Count > 0)
            {
                _interner.Retain(_byRef.Values.Select(static s => s.Labels));
            }
        }

        return removed.Count;
    }

    /// <summary>Unlinks s from its hash-collision chain. Caller holds the creation lock.</summary>
    private void RemoveFromHashChain(MemSeries s)
    {
        var hash = s.Labels.Hash;
        if (!_byHash.TryGetValue(hash, out var first))
        {
            return;
        }

        var survivors = new List<MemSeries>(2);
        for (var c = first; c is not null; c = c.HashNext)
        {
            if (!ReferenceEquals(c, s))
            {
                survivors.Add(c);
            }
        }

        if (survivors.Count == 0)
        {
            _byHash.TryRemove(hash, out _);
            return;
        }

        // A lock-free reader walking the old chain meanwhile may miss a survivor; it then falls back
        // to Create, which re-checks under the creation lock and finds it.
        for (var i = 0; i < survivors.Count; i++)
        {
            survivors[i].HashNext = i + 1 < survivors.Count ? survivors[i + 1] : null;
        }

        _byHash[hash] = survivors[0];
    }
}
