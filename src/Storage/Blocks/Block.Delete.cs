using Tsdb.Storage.Index;
using Tsdb.Storage.Tombstones;

namespace Tsdb.Storage.Blocks;

public sealed partial class Block
{
    private TombstoneSet _tombstones;

    /// <summary>The block's deleted intervals (its <c>tombstones</c> file), keyed by index series ref.</summary>
    public TombstoneSet Tombstones => Volatile.Read(ref _tombstones);

    /// <summary>
    /// Marks the samples of matching series in [mint, maxt] deleted (Prometheus Block.Delete): the
    /// new tombstones file replaces the old atomically, then meta.json gets the new count. Queriers
    /// opened before see the old set; it is swapped whole, never changed in place. Callers serialise
    /// deletions of one block (Db does so under its compaction lock). Returns the series affected.
    /// </summary>
    public int Delete(long mint, long maxt, IReadOnlyList<Matcher> matchers)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        if (!TryAcquireReader())
        {
            throw new InvalidOperationException($"{this} is closing");
        }

        try
        {
            var stones = new List<(ulong, Interval)>();
            var chunks = new List<ChunkMeta>();
            var p = PostingsForMatchers.Resolve(this, matchers);
            while (p.Next())
            {
                if (!Series(p.At, out _, chunks) || chunks.Count == 0)
                {
                    continue;
                }

                // Only the part that holds samples: the interval never reaches past the series' data.
                var from = Math.Max(mint, chunks[0].MinTime);
                var to = Math.Min(maxt, chunks[^1].MaxTime);
                if (from <= to && AnyOverlap(chunks, from, to))
                {
                    stones.Add((p.At, new Interval(from, to)));
                }
            }

            if (stones.Count == 0)
            {
                return 0;
            }

            var next = Tombstones.Clone();
            next.AddAll(stones);
            TombstoneFile.Write(Directory, next);
            var meta = Meta with { Stats = Meta.Stats with { NumTombstones = (ulong)next.IntervalCount } };
            TombstoneFile.WriteAtomically(Path.Combine(Directory, BlockMeta.FileName), meta.ToJson());
            Volatile.Write(ref _tombstones, next);
            Meta = meta;
            return stones.Count;
        }
        finally
        {
            ReleaseReader();
        }
    }

    private static bool AnyOverlap(List<ChunkMeta> chunks, long mint, long maxt)
    {
        foreach (var c in chunks)
        {
            if (c.Overlaps(mint, maxt))
            {
                return true;
            }
        }

        return false;
    }
}
