using Tsdb.Storage.Blocks;

namespace Tsdb.Storage;

public sealed partial class Db
{
    /// <summary>How often a head truncation that waits for old queriers says so.</summary>
    private static readonly TimeSpan ReaderWaitWarning = TimeSpan.FromMinutes(1);

    private readonly Lock _compactionLock = new();
    private long _compactionsRun;
    private long _headPersisted;

    private long _compactionsFailed;

    public long CompactionsRun => Interlocked.Read(ref _compactionsRun);

    /// <summary>Background runs that threw; each left the previous state intact.</summary>
    public long CompactionsFailed => Interlocked.Read(ref _compactionsFailed);

    public long HeadBlocksPersisted => Interlocked.Read(ref _headPersisted);

    /// <summary>
    /// Persists the head's oldest block range while the head spans more than 1.5 block ranges,
    /// merges adjacent blocks, and applies retention. Runs in the background unless disabled; safe
    /// to call at any time (one run at a time).
    /// </summary>
    public void Compact()
    {
        lock (_compactionLock)
        {
            if (_disposed != 0)
            {
                return;
            }

            PersistHead();
            CompactBlocks();
            ApplyRetention();
        }
    }

    private void PersistHead()
    {
        var range = Options.BlockRange;
        var truncatedTo = long.MinValue;
        while (Head.TryBeginPersist(range, out var start, out var end))
        {
            var series = Head.SeriesForBlock(start, end - 1);
            if (series.Count > 0)
            {
                var meta = new BlockWriter().Write(Directory, start, end, series);
                var block = Block.Open(Path.Combine(Directory, meta.Ulid.ToString()));
                Publish(added: [block], removed: []);
                Interlocked.Increment(ref _headPersisted);
                Options.Log?.Invoke($"persisted head block {meta.Ulid} [{start}, {end}): {meta.Stats.NumSeries} series, {meta.Stats.NumSamples} samples");
            }

            // Queriers opened before the block was published read these chunks from the head only.
            var generation = _readers.Advance();
            if (!_readers.WaitForOlderThan(generation, ReaderWaitWarning, w => Options.Log?.Invoke($"head truncation has waited {w} for open queriers"), _stop.Token))
            {
                // Shutting down: the head keeps the data, and the next start skips what the block holds.
                break;
            }

            Head.Truncate(end);
            truncatedTo = end;
        }

        if (truncatedTo != long.MinValue)
        {
            // One checkpoint per run: it keeps the series still live and their samples from truncatedTo on.
            var cut = _wal.StartNewSegment();
            _wal.CreateCheckpoint(cut, Head.IsLive, truncatedTo);
        }
    }

    private void CompactBlocks()
    {
        while (true)
        {
            var group = _compactor.Plan(_blocks);
            if (group.Count == 0)
            {
                return;
            }

            // Parents stay readable until the new block is published, then go once their readers are done.
            var merged = _compactor.Compact(Directory, group, deleteParents: false);
            Publish(added: [merged], removed: group);
            Interlocked.Increment(ref _compactionsRun);
            Options.Log?.Invoke($"compacted {group.Count} blocks into {merged.Ulid} (level {merged.Meta.Compaction.Level})");
        }
    }

    private void ApplyRetention()
    {
        var doomed = Retention.BlocksToDelete(_blocks, (long)Options.RetentionTime.TotalMilliseconds, Options.RetentionSize);
        if (doomed.Count > 0)
        {
            Publish(added: [], removed: doomed);
            Options.Log?.Invoke($"retention deleted {doomed.Count} blocks");
        }
    }

    /// <summary>Swaps the block list; removed blocks are deleted once their last reader is done.</summary>
    private void Publish(IReadOnlyList<Block> added, IReadOnlyList<Block> removed)
    {
        lock (_blocksLock)
        {
            var next = new List<Block>(_blocks.Count + added.Count);
            foreach (var b in _blocks)
            {
                if (!removed.Contains(b))
                {
                    next.Add(b);
                }
            }

            next.AddRange(added);
            next.Sort(static (a, b) => a.Meta.MinTime.CompareTo(b.Meta.MinTime));
            _blocks = next;
        }

        foreach (var b in removed)
        {
            b.MarkForDeletion();
        }
    }

    private void BackgroundLoop()
    {
        while (!_stop.Token.WaitHandle.WaitOne(Options.CompactionInterval))
        {
            try
            {
                // Blocks written into the data directory by `tsdb import` are picked up here, as Prometheus does on its reload tick.
                ReloadBlocks();
                Compact();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A failed run leaves the old state intact (temp dirs, rename-into-place); a crash here
                // would only repeat after a restart, so log, count and retry next tick.
                Interlocked.Increment(ref _compactionsFailed);
                Options.Log?.Invoke($"compaction failed: {e}");
            }
        }
    }
}
