using Tsdb.Storage.IO;

namespace Tsdb.Storage.Blocks;

public sealed partial class Compactor
{
    /// <summary>
    /// Writes <paramref name="block"/> again without its deleted samples (Prometheus
    /// Block.CleanTombstones): same time range, level and sources, the old block as parent, so that
    /// a restart before the old block is gone deletes it (see <see cref="BlockSet.Open"/>). Returns
    /// the new block, or null when nothing survived the deletions (no block is written then). The
    /// old block is not touched; the caller publishes the result and marks the old one for deletion.
    /// </summary>
    public Block? Rewrite(string parentDir, Block block, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (!block.TryAcquireReader())
        {
            throw new InvalidOperationException($"{block} is closing and cannot be rewritten");
        }

        try
        {
            var old = block.Meta;
            var compaction = new BlockCompaction
            {
                Level = old.Compaction.Level,
                Sources = old.Compaction.Sources ?? [old.Ulid],
                Parents = [new BlockDesc { Ulid = old.Ulid, MinTime = old.MinTime, MaxTime = old.MaxTime }],
            };
            var meta = _writer.Write(parentDir, Ulid.New(), old.MinTime, old.MaxTime, compaction, MergeSeries([block]), cancellationToken);
            var dir = Path.Combine(parentDir, meta.Ulid.ToString());
            if (meta.Stats.NumSamples == 0)
            {
                FileSync.DeleteDirectory(dir);
                return null;
            }

            return Block.Open(dir);
        }
        finally
        {
            block.ReleaseReader();
        }
    }
}
