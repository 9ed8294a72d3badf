using System.Runtime.InteropServices;
using Tsdb.Storage.Index;
using Tsdb.Storage.Tombstones;
using Tsdb.Storage.Wal;

namespace Tsdb.Storage;

public sealed partial class Head
{
    private readonly TombstoneSet _tombstones = new();

    /// <summary>Deleted intervals per series ref; queriers and head persistence leave these samples out.</summary>
    public TombstoneSet Tombstones => _tombstones;

    /// <summary>
    /// Marks the samples of matching series in [mint, maxt] deleted (Prometheus Head.Delete). Each
    /// interval is clamped to the series' current samples, so samples appended later, even inside
    /// the range, stay visible. The tombstones are logged to the WAL and durable when this returns.
    /// Returns the number of series affected.
    /// </summary>
    public int Delete(long mint, long maxt, IReadOnlyList<Matcher> matchers)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        var stones = new List<RefTombstone>();
        if (maxt < mint)
        {
            return 0;
        }

        // Matching (regexes over every series) runs before the commit lock, so appends do not wait for it.
        var refs = new List<ulong>();
        var p = PostingsForMatchers.Resolve(Index(long.MinValue, long.MaxValue), matchers);
        while (p.Next())
        {
            refs.Add(p.At);
        }

        long position;
        // Under the commit lock the WAL gets the tombstones in the same order, relative to samples,
        // as memory does, and no commit moves a series' bounds while they are clamped.
        lock (CommitLock)
        {
            foreach (var r in refs)
            {
                var s = SeriesByRef(r);
                if (s is null)
                {
                    continue;
                }

                long smin, smax;
                lock (s)
                {
                    if (s.ChunkCount == 0)
                    {
                        continue;
                    }

                    smin = s.MinTime;
                    smax = s.MaxTime;
                }

                var from = Math.Max(mint, smin);
                var to = Math.Min(maxt, smax);
                if (from <= to)
                {
                    stones.Add(new RefTombstone(s.Ref, from, to));
                }
            }

            if (stones.Count == 0)
            {
                return 0;
            }

            position = Log.LogTombstones(CollectionsMarshal.AsSpan(stones));
            ApplyTombstones(stones);
        }

        Log.Wait(position);
        return stones.Count;
    }

    /// <summary>Adds tombstones (from Delete or WAL replay) to memory.</summary>
    private void ApplyTombstones(List<RefTombstone> stones)
    {
        var pairs = new (ulong, Interval)[stones.Count];
        for (var i = 0; i < stones.Count; i++)
        {
            pairs[i] = (stones[i].Ref, new Interval(stones[i].MinT, stones[i].MaxT));
        }

        _tombstones.AddAll(pairs);
    }
}
