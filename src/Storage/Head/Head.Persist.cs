using Tsdb.Storage.Blocks;
using Tsdb.Storage.Chunks;
using Tsdb.Storage.Index;
using Tsdb.Storage.Tombstones;

namespace Tsdb.Storage;

public sealed partial class Head
{
    /// <summary>
    /// Picks the next block range to persist when the head spans more than 1.5 ranges, and from then on
    /// rejects samples below its end. Both happen under the commit lock, where commits update the time
    /// bounds: a commit in flight cannot slip a sample below the window after it was chosen, and the
    /// bounds read here include every committed sample.
    /// </summary>
    internal bool TryBeginPersist(long range, out long start, out long end)
    {
        lock (CommitLock)
        {
            start = end = 0;
            // Int128: timestamps may be anywhere in the long range, and their difference may not fit.
            if (_minTime == long.MaxValue || (Int128)_maxTime - _minTime <= range / 2 * 3)
            {
                return false;
            }

            var alignedStart = (Int128)_minTime - ((((Int128)_minTime % range) + range) % range);
            start = (long)Int128.Clamp(alignedStart, long.MinValue, long.MaxValue - range);
            end = start + range;
            if (end > _minValidTime)
            {
                Volatile.Write(ref _minValidTime, end);
            }

            return true;
        }
    }

    /// <summary>
    /// The head's data in [mint, maxt] as block input, sorted by labels. Chunks are aligned to the
    /// block range so they normally fit whole; a chunk that straddles the window is re-encoded with
    /// only the samples inside it.
    /// </summary>
    internal List<BlockSeries> SeriesForBlock(long mint, long maxt)
    {
        var result = new List<BlockSeries>();
        var chunks = new List<(HeadChunk Meta, XorChunk Chunk)>();
        foreach (var s in _byRef.Values)
        {
            chunks.Clear();
            lock (s)
            {
                s.ChunksInRange(mint, maxt, chunks);
            }

            if (chunks.Count == 0)
            {
                continue;
            }

            var list = new List<(ChunkMeta Meta, IChunk Chunk)>(chunks.Count);
            foreach (var (meta, chunk) in chunks)
            {
                if (meta.MinTime >= mint && meta.MaxTime <= maxt)
                {
                    list.Add((new ChunkMeta(0, meta.MinTime, meta.MaxTime), chunk));
                }
                else if (Trim(chunk, mint, maxt) is { } trimmed)
                {
                    list.Add(trimmed);
                }
            }

            if (_tombstones.Get(s.Ref) is { } deleted)
            {
                // Deleted samples are not persisted: the block needs no tombstones for them.
                list = DeletedSamples.Apply(list, deleted);
            }

            if (list.Count > 0)
            {
                result.Add(new BlockSeries(s.Labels, list));
            }
        }

        result.Sort(static (a, b) => a.Labels.CompareTo(b.Labels));
        return result;
    }

    private static (ChunkMeta, IChunk)? Trim(XorChunk chunk, long mint, long maxt)
    {
        var it = chunk.XorIterator();
        var trimmed = new XorChunk();
        var app = trimmed.Appender();
        long first = long.MinValue, last = long.MinValue;
        while (it.Next() == SampleKind.Float)
        {
            var t = it.AtT();
            if (t < mint || t > maxt)
            {
                continue;
            }

            app.Append(t, it.AtV());
            first = first == long.MinValue ? t : first;
            last = t;
        }

        return first == long.MinValue ? null : (new ChunkMeta(0, first, last), trimmed);
    }
}
