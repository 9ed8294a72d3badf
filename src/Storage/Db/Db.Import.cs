using Tsdb.Storage.Blocks;

namespace Tsdb.Storage;

public sealed partial class Db
{
    // Block ULIDs this Db has published or looked at, so ReloadBlocks never re-opens a block that
    // compaction or retention removed while a reader still keeps its directory on disk.
    private readonly HashSet<Ulid> _seenBlocks = [];

    /// <summary>
    /// Writes <paramref name="backfill"/> as new blocks into the data directory and makes them
    /// queryable at once. Every sample must be older than <see cref="Head.MinValidTime"/>: the head
    /// holds nothing that old, and at the next start the WAL replay skips what blocks cover, so a
    /// block reaching into the head's range would hide head samples. Blocks that overlap existing
    /// ones are merged with them right away (vertical compaction), so queries see both.
    /// </summary>
    public IReadOnlyList<BlockMeta> ImportBlocks(BlockBackfill backfill, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backfill);
        if (backfill.Added == 0)
        {
            return [];
        }

        lock (_compactionLock)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (backfill.MaxTime >= Head.MinValidTime)
            {
                throw new ArgumentException($"backfill reaches {backfill.MaxTime}, but blocks may only hold samples older than the head's minimum valid time {Head.MinValidTime}", nameof(backfill));
            }

            var metas = backfill.Write(Directory, cancellationToken);
            var blocks = new List<Block>(metas.Count);
            foreach (var m in metas)
            {
                blocks.Add(Block.Open(Path.Combine(Directory, m.Ulid.ToString())));
            }

            PublishLoaded(blocks);
            Options.Log?.Invoke($"imported {metas.Count} blocks with {backfill.Added - backfill.DuplicatesDropped - backfill.Conflicts} samples of {backfill.SeriesCount} series");
            return metas;
        }
    }

    /// <summary>
    /// Opens block directories that appeared in the data directory since the Db opened (written by
    /// <c>tsdb import openmetrics</c> while the server runs) and publishes them; returns how many.
    /// A directory that fails to open is reported once and left alone. Cheap when nothing is new:
    /// one directory listing.
    /// </summary>
    public int ReloadBlocks()
    {
        lock (_compactionLock)
        {
            if (_disposed != 0)
            {
                return 0;
            }

            var known = new HashSet<Ulid>(_seenBlocks);
            foreach (var b in _blocks)
            {
                known.Add(b.Ulid);
                foreach (var p in b.Meta.Compaction.Parents ?? [])
                {
                    known.Add(p.Ulid);
                }

                foreach (var s in b.Meta.Compaction.Sources ?? [])
                {
                    known.Add(s);
                }
            }

            var added = new List<Block>();
            foreach (var dir in System.IO.Directory.EnumerateDirectories(Directory))
            {
                if (!Ulid.TryParse(Path.GetFileName(dir), out var ulid) || known.Contains(ulid))
                {
                    continue;
                }

                _seenBlocks.Add(ulid);
                try
                {
                    var block = Block.Open(dir);
                    if (block.Meta.Compaction.Deletable)
                    {
                        block.Dispose();
                        continue;
                    }

                    added.Add(block);
                }
                catch (Exception e) when (e is CorruptBlockException or IOException or UnauthorizedAccessException)
                {
                    Options.Log?.Invoke($"block {dir} not loaded: {e.Message}");
                }
            }

            if (added.Count > 0)
            {
                PublishLoaded(added);
                Options.Log?.Invoke($"loaded {added.Count} new blocks from {Directory}");
            }

            return added.Count;
        }
    }

    /// <summary>Publishes opened blocks, then merges any that overlap (the caller holds the compaction lock).</summary>
    private void PublishLoaded(List<Block> blocks)
    {
        Publish(added: blocks, removed: []);
        foreach (var b in _blocks)
        {
            _seenBlocks.Add(b.Ulid);
        }

        // The querier does not interleave samples of overlapping blocks; compaction merges them.
        CompactBlocks();
    }
}
