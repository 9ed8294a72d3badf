using Tsdb.Storage.Blocks;
using Tsdb.Storage.Wal;

namespace Tsdb.Storage;

/// <summary>
/// The storage engine: a head fed through the WAL, persisted blocks, and the background work that
/// moves data from one to the other (Prometheus tsdb/db.go). Layout under the data directory:
/// <c>wal/</c> (segments and checkpoints) and one directory per block named by its ULID.
/// </summary>
public sealed partial class Db : IDisposable
{
    private readonly Lock _blocksLock = new();
    private readonly ReaderTracker _readers = new();
    private readonly List<string> _startupWarnings = [];
    private readonly Thread? _background;
    private readonly CancellationTokenSource _stop = new();
    private readonly IWriteAheadLog _wal;
    private readonly Compactor _compactor;
    private IReadOnlyList<Block> _blocks;
    private int _disposed;

    private Db(string dir, DbOptions options, IWriteAheadLog wal, IReadOnlyList<Block> blocks, Head head)
    {
        Directory = dir;
        Options = options;
        _wal = wal;
        _blocks = blocks;
        Head = head;
        _compactor = new Compactor(new CompactionPlanner(CompactionPlanner.DefaultRanges((long)options.RetentionTime.TotalMilliseconds, options.BlockRange)));
        if (options.BackgroundCompaction)
        {
            // Compaction does blocking file I/O and may wait for readers: a dedicated thread keeps it
            // off the thread pool (see dependencies.md on pool starvation with 2 cores).
            _background = new Thread(BackgroundLoop) { IsBackground = true, Name = "tsdb-compaction" };
            _background.Start();
        }
    }

    public string Directory { get; }

    public DbOptions Options { get; }

    public Head Head { get; }

    /// <summary>What opening found and could not use: WAL corruption, blocks that failed to open.</summary>
    public IReadOnlyList<string> StartupWarnings => _startupWarnings;

    /// <summary>What WAL replay did at startup.</summary>
    public HeadReplayStats? ReplayStats { get; private set; }

    public IReadOnlyList<BlockMeta> Blocks
    {
        get
        {
            var blocks = _blocks;
            var metas = new List<BlockMeta>(blocks.Count);
            foreach (var b in blocks)
            {
                metas.Add(b.Meta);
            }

            return metas;
        }
    }

    /// <summary>
    /// Opens (or creates) a database: loads the blocks (a block that fails to open is reported and
    /// skipped), then replays the WAL into the head. Corruption never stops startup.
    /// </summary>
    public static Db Open(string dir, DbOptions? options = null)
    {
        options ??= new DbOptions();
        System.IO.Directory.CreateDirectory(dir);
        var warnings = new List<string>();
        var opened = BlockSet.Open(dir);
        foreach (var w in opened.Warnings)
        {
            warnings.Add($"block {w.Path} skipped: {w.Reason}");
        }

        var blocks = opened.Blocks;
        var head = new Head(new HeadOptions { ChunkRange = options.BlockRange });
        var maxBlockTime = long.MinValue;
        foreach (var b in blocks)
        {
            // Block MaxTime is exclusive: the head takes samples from there on.
            maxBlockTime = Math.Max(maxBlockTime, b.Meta.MaxTime);
        }

        head.InitMinValidTime(maxBlockTime);
        var wal = SegmentWal.Open(Path.Combine(dir, "wal"), new WalOptions());
        var stats = head.ReplayAndAttach(wal);
        if (stats.Warning is not null)
        {
            warnings.Add(stats.Warning);
        }

        var db = new Db(dir, options, wal, blocks, head) { ReplayStats = stats };
        foreach (var w in warnings)
        {
            db._startupWarnings.Add(w);
            options.Log?.Invoke(w);
        }

        return db;
    }

    public HeadAppender Appender() => Head.Appender();

    /// <summary>A querier over [mint, maxt] (inclusive); dispose it to release the blocks it pinned.</summary>
    public Querier Querier(long mint, long maxt)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        List<Block> pinned;
        long generation;
        lock (_blocksLock)
        {
            generation = _readers.Enter();
            pinned = new List<Block>(_blocks.Count);
            foreach (var b in _blocks)
            {
                if (b.Meta.MaxTime > mint && b.Meta.MinTime <= maxt && b.TryAcquireReader())
                {
                    pinned.Add(b);
                }
            }
        }

        var sources = new List<IBlockSource>(pinned.Count + 1);
        foreach (var b in pinned)
        {
            sources.Add(new PersistedBlockSource(b));
        }

        sources.Add(Head);
        return new Querier(sources, mint, maxt, () =>
        {
            foreach (var b in pinned)
            {
                b.ReleaseReader();
            }

            _readers.Exit(generation);
        });
    }

    /// <summary>Oldest timestamp held (blocks or head), long.MaxValue when empty.</summary>
    public long MinTime
    {
        get
        {
            var blocks = _blocks;
            return blocks.Count > 0 ? Math.Min(blocks[0].Meta.MinTime, Head.MinTime) : Head.MinTime;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        _background?.Join();
        lock (_compactionLock)
        {
            Head.Dispose();
            foreach (var b in _blocks)
            {
                b.Dispose();
            }
        }

        _stop.Dispose();
    }
}
