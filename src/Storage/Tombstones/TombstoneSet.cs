namespace Tsdb.Storage.Tombstones;

/// <summary>
/// Deleted intervals per series ref (Prometheus MemTombstones). Readers are lock-free: each series'
/// intervals are an immutable array replaced whole on change, and <see cref="IsEmpty"/> is one
/// volatile read, so a querier over a source without deletions pays nothing else.
/// </summary>
public sealed class TombstoneSet
{
    private readonly Lock _lock = new();
    private Dictionary<ulong, Interval[]> _byRef = [];

    public TombstoneSet()
    {
    }

    private TombstoneSet(Dictionary<ulong, Interval[]> byRef)
    {
        _byRef = byRef;
    }

    /// <summary>True when nothing is deleted.</summary>
    public bool IsEmpty => Volatile.Read(ref _byRef).Count == 0;

    /// <summary>Number of series with deletions.</summary>
    public int SeriesCount => Volatile.Read(ref _byRef).Count;

    /// <summary>Number of intervals over all series (meta.json numTombstones).</summary>
    public long IntervalCount
    {
        get
        {
            var n = 0L;
            foreach (var v in Volatile.Read(ref _byRef).Values)
            {
                n += v.Length;
            }

            return n;
        }
    }

    /// <summary>The series' deleted intervals, sorted; null when none.</summary>
    public Interval[]? Get(ulong seriesRef) => Volatile.Read(ref _byRef).TryGetValue(seriesRef, out var v) ? v : null;

    /// <summary>Merges an interval into the series' deletions.</summary>
    public void Add(ulong seriesRef, Interval interval)
    {
        lock (_lock)
        {
            // Copy-on-write of the map: readers hold the previous map and never see a half-updated one.
            var next = new Dictionary<ulong, Interval[]>(_byRef);
            next[seriesRef] = Intervals.Add(next.TryGetValue(seriesRef, out var old) ? old : [], interval);
            Volatile.Write(ref _byRef, next);
        }
    }

    /// <summary>Adds many (ref, interval) pairs with one copy of the map.</summary>
    public void AddAll(IEnumerable<(ulong Ref, Interval Interval)> stones)
    {
        lock (_lock)
        {
            var next = new Dictionary<ulong, Interval[]>(_byRef);
            foreach (var (r, iv) in stones)
            {
                next[r] = Intervals.Add(next.TryGetValue(r, out var old) ? old : [], iv);
            }

            Volatile.Write(ref _byRef, next);
        }
    }

    /// <summary>
    /// Drops the deletions of series the predicate rejects and intervals ending before
    /// <paramref name="mint"/> (the head after truncation: that data is gone anyway).
    /// </summary>
    public void Retain(Func<ulong, bool> keepSeries, long mint)
    {
        lock (_lock)
        {
            if (_byRef.Count == 0)
            {
                return;
            }

            var next = new Dictionary<ulong, Interval[]>(_byRef.Count);
            foreach (var (r, ivs) in _byRef)
            {
                if (!keepSeries(r))
                {
                    continue;
                }

                var kept = Array.FindAll(ivs, iv => iv.MaxT >= mint);
                if (kept.Length > 0)
                {
                    next[r] = kept;
                }
            }

            Volatile.Write(ref _byRef, next);
        }
    }

    /// <summary>Every (ref, intervals) pair, ordered by ref (the file order).</summary>
    public IEnumerable<(ulong Ref, Interval[] Intervals)> All()
    {
        var map = Volatile.Read(ref _byRef);
        var refs = new List<ulong>(map.Keys);
        refs.Sort();
        foreach (var r in refs)
        {
            yield return (r, map[r]);
        }
    }

    /// <summary>An independent copy (for writing a block's new file before publishing it).</summary>
    public TombstoneSet Clone() => new(new Dictionary<ulong, Interval[]>(Volatile.Read(ref _byRef)));
}
