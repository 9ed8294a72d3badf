using Tsdb.Storage.Chunks;
using Tsdb.Storage.Index;
using Tsdb.Storage.Tombstones;

namespace Tsdb.Storage.Blocks;

/// <summary>
/// Plans and runs compactions: merges several blocks into one new block (Prometheus
/// LeveledCompactor.Compact). Runs on a background thread without blocking readers of the
/// parents; it returns a new <see cref="Block"/> and never mutates the blocks it is given other
/// than (optionally) marking them for deletion.
/// </summary>
public sealed partial class Compactor(CompactionPlanner planner, BlockWriter? writer = null)
{
    private readonly BlockWriter _writer = writer ?? new BlockWriter();

    public CompactionPlanner Planner { get; } = planner;

    /// <summary>The next group of <paramref name="blocks"/> to compact (see <see cref="CompactionPlanner.Plan"/>); empty if none.</summary>
    public IReadOnlyList<Block> Plan(IReadOnlyList<Block> blocks)
    {
        var metas = new List<BlockMeta>(blocks.Count);
        var byUlid = new Dictionary<Ulid, Block>(blocks.Count);
        foreach (var b in blocks)
        {
            metas.Add(b.Meta);
            byUlid[b.Ulid] = b;
        }

        var plan = Planner.Plan(metas);
        var result = new List<Block>(plan.Count);
        foreach (var m in plan)
        {
            result.Add(byUlid[m.Ulid]);
        }

        return result;
    }

    /// <summary>
    /// Merges <paramref name="parents"/> into a new block in <paramref name="parentDir"/> and opens it.
    /// <list type="bullet">
    /// <item>Series are merged by labels (a k-way merge over the parents' label-ordered series).</item>
    /// <item>Chunk bytes are copied verbatim; only chunks of one series that overlap in time are
    /// decoded, merged in time order without duplicate timestamps, and re-encoded as XOR chunks.</item>
    /// <item>The new meta has minTime/maxTime covering all parents, level = max parent level + 1,
    /// sources = union of the parents' sources, parents = the inputs.</item>
    /// </list>
    /// Crash safety: the new block appears atomically (see <see cref="BlockWriter"/>); if the process
    /// dies before the parents are deleted, <see cref="BlockSet.Open"/> deletes them because the new
    /// block lists them as parents.
    /// </summary>
    /// <param name="deleteParents">When true (default) the parents are marked for deletion once the
    /// new block is open; they stay readable by current readers and are deleted after the last one.
    /// Pass false to first publish the new block list and then call <see cref="Block.MarkForDeletion"/>
    /// yourself, so no query ever sees neither the parents nor the new block.</param>
    /// <exception cref="InvalidOperationException">A parent is already closing.</exception>
    public Block Compact(string parentDir, IReadOnlyList<Block> parents, bool deleteParents = true, CancellationToken cancellationToken = default)
    {
        if (parents.Count == 0)
        {
            throw new ArgumentException("nothing to compact", nameof(parents));
        }

        var ordered = new List<Block>(parents);
        ordered.Sort(static (a, b) => a.MinTime != b.MinTime ? a.MinTime.CompareTo(b.MinTime) : a.Ulid.CompareTo(b.Ulid));
        var acquired = 0;
        try
        {
            foreach (var b in ordered)
            {
                if (!b.TryAcquireReader())
                {
                    throw new InvalidOperationException($"{b} is closing and cannot be compacted");
                }

                acquired++;
            }

            var (ulid, mint, maxt, compaction) = CompactMeta(ordered);
            var meta = _writer.Write(parentDir, ulid, mint, maxt, compaction, MergeSeries(ordered), cancellationToken);
            var block = Block.Open(Path.Combine(parentDir, meta.Ulid.ToString()));
            if (deleteParents)
            {
                foreach (var b in ordered)
                {
                    b.MarkForDeletion();
                }
            }

            return block;
        }
        finally
        {
            for (var i = 0; i < acquired; i++)
            {
                ordered[i].ReleaseReader();
            }
        }
    }

    private static (Ulid Ulid, long MinTime, long MaxTime, BlockCompaction Compaction) CompactMeta(List<Block> blocks)
    {
        var mint = long.MaxValue;
        var maxt = long.MinValue;
        var level = 0;
        var sources = new SortedSet<Ulid>();
        var parents = new List<BlockDesc>(blocks.Count);
        foreach (var b in blocks)
        {
            mint = Math.Min(mint, b.MinTime);
            maxt = Math.Max(maxt, b.MaxTime);
            level = Math.Max(level, b.Meta.Compaction.Level);
            foreach (var s in b.Meta.Compaction.Sources ?? [b.Ulid])
            {
                sources.Add(s);
            }

            parents.Add(new BlockDesc { Ulid = b.Ulid, MinTime = b.MinTime, MaxTime = b.MaxTime });
        }

        var compaction = new BlockCompaction { Level = level + 1, Sources = [.. sources], Parents = parents };
        return (Ulid.New(), mint, maxt, compaction);
    }

    /// <summary>K-way merge of the blocks' series by labels; for equal labels the chunks of all blocks, earliest block first.</summary>
    private static IEnumerable<BlockSeries> MergeSeries(List<Block> blocks)
    {
        var cursors = new List<SeriesCursor>(blocks.Count);
        foreach (var b in blocks)
        {
            var c = new SeriesCursor(b);
            c.Advance();
            cursors.Add(c);
        }

        while (true)
        {
            Labels? min = null;
            foreach (var c in cursors)
            {
                if (c.Valid && (min is null || c.Labels.CompareTo(min) < 0))
                {
                    min = c.Labels;
                }
            }

            if (min is null)
            {
                yield break;
            }

            var chunks = new List<(ChunkMeta, IChunk)>();
            foreach (var c in cursors)
            {
                if (c.Valid && c.Labels.CompareTo(min) == 0)
                {
                    if (c.Block.Tombstones.Get(c.Ref) is { } deleted)
                    {
                        // Compaction is where deleted samples finally leave the disk.
                        var own = new List<(ChunkMeta, IChunk)>(c.Chunks.Count);
                        foreach (var m in c.Chunks)
                        {
                            own.Add((m, c.Block.Chunk(m)));
                        }

                        chunks.AddRange(DeletedSamples.Apply(own, deleted));
                    }
                    else
                    {
                        foreach (var m in c.Chunks)
                        {
                            chunks.Add((m, c.Block.Chunk(m)));
                        }
                    }

                    c.Advance();
                }
            }

            yield return new BlockSeries(min, chunks);
        }
    }

    private sealed class SeriesCursor(Block block)
    {
        private readonly IPostings _postings = block.AllPostings();

        public Block Block { get; } = block;

        public bool Valid { get; private set; }

        public Labels Labels { get; private set; } = Labels.Empty;

        public ulong Ref { get; private set; }

        public List<ChunkMeta> Chunks { get; } = [];

        public void Advance()
        {
            while (_postings.Next())
            {
                if (Block.Series(_postings.At, out var labels, Chunks))
                {
                    Ref = _postings.At;
                    Labels = labels;
                    Valid = true;
                    return;
                }
            }

            Valid = false;
        }
    }
}
