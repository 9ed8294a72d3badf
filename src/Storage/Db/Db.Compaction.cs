using Tsdb.Storage.Blocks;

namespace Tsdb.Storage;

public sealed partial class Db
{
    /// <summary>How long head truncation waits for queriers opened before a new block was published.</summary>
    private static readonly TimeSpan ReaderWaitTimeout = TimeSpan.FromMinutes(2);

    private readonly Lock _compactionLock = new();
    private long _compactionsRun;
    private long _headPersisted;

    public long CompactionsRun => Interlocked.Read(ref _compactionsRun);

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
        while (true)
        {
            var mint = Head.MinTime;
            var maxt = Head.MaxTime;
            if (mint == long.MaxValue || maxt - mint <= range / 2 * 3)
            {
                break;
            }

            var start = AlignDown(mint, range);
            var end = start + range;
            // From here on the head rejects samples below end, so nothing can arrive in the window
            // after its block is written.
            Head.RaiseMinValidTime(end);
            var series = Head.SeriesForBlock(start, end - 1);
            if (series.Count > 0)
            {
                var meta = new BlockWriter().Write(Directory, start, end, series);
                var block = Block.Open(Path.Combine(Directory, meta.Ulid.ToString()));
                Publish(added: [block], removed: []);
                Interlocked.Increment(ref _headPersisted);
                Options.Log?.Invoke($"persisted head block {meta.Ulid} [{start}, {end}): {meta.Stats.NumSeries} series, {meta.Stats.NumSamples} samples");
            }

            var generation = _readers.Advance();
            if (!_readers.WaitForOlderThan(generation, ReaderWaitTimeout))
            {
                Options.Log?.Invoke("head truncation waited too long for open queriers; truncating anyway");
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

    private static long AlignDown(long t, long range) => t - (((t % range) + range) % range);

    private void BackgroundLoop()
    {
        while (!_stop.Token.WaitHandle.WaitOne(Options.CompactionInterval))
        {
            try
            {
                Compact();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CorruptBlockException or InvalidDataException)
            {
                // A failed run leaves the old state intact (temp dirs, rename-into-place); retry next tick.
                Options.Log?.Invoke($"compaction failed: {e.Message}");
            }
        }
    }
}
