using Tsdb.Storage.IO;
using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Tsdb.Storage.Wal;

/// <summary>
/// Our segment WAL (see docs/decisions.md for why it replaced FasterLog): framed records
/// (<see cref="WalFraming"/>) appended to numbered segment files of at most
/// <see cref="WalOptions.SegmentSize"/>, group-committed by one dedicated thread with
/// write + fsync, directory fsync when files are created, renamed or deleted.
/// <para>
/// Like Prometheus's wlog, every open that appends starts a fresh segment after the last existing one;
/// existing segments are only read, truncated at a corruption (repair) or deleted (truncation).
/// </para>
/// The class is split by concern: SegmentWal.Append.cs (enqueue, segment rolls), SegmentWal.Commit.cs
/// (committer thread, waits), SegmentWal.Replay.cs (replay, repair) and SegmentWal.Truncate.cs.
/// </summary>
internal sealed partial class SegmentWal : IWriteAheadLog
{
    private const int StateNew = 0;      // opened; replay allowed; no writer yet
    private const int StateRunning = 1;  // writer started (first append or maintenance op)
    private const int StateStopping = 2; // Dispose in progress: no new records, final commit running
    private const int StateDisposed = 3;

    private readonly WalOptions _options;

    // Serializes replay, writer start, checkpoints, truncation and Dispose: the operations that look
    // at or change the set of files. Never taken on the append/commit path.
    private readonly object _maintenanceLock = new();

    private volatile int _state;

    // Where the writer starts: computed by the replay/validation pass.
    private int _nextSegment;
    private bool _validated;

    private SegmentWal(string directory, WalOptions options)
    {
        options.Validate();
        _options = options;
        System.IO.Directory.CreateDirectory(directory);
        Directory = Path.GetFullPath(directory);
        _pending = ArrayPool<byte>.Shared.Rent(64 << 10);
        _spare = ArrayPool<byte>.Shared.Rent(64 << 10);
        _commitTcs = NewCommitTcs();
        CleanUpLeftovers();
    }

    /// <summary>Opens (or creates) the WAL in <paramref name="directory"/>. Does not read the log; call <see cref="Replay"/>.</summary>
    public static SegmentWal Open(string directory, WalOptions? options = null) => new(directory, options ?? WalOptions.Default);

    public string Directory { get; }

    public WalOptions Options => _options;

    /// <summary>The result of the last replay or validation pass (null before one ran).</summary>
    public WalReplayResult? LastReplayResult { get; private set; }

    internal object MaintenanceLock => _maintenanceLock;

    public (int First, int Last) SegmentRange
    {
        get
        {
            var segments = WalDirectory.ListSegments(Directory);
            return segments.Count == 0 ? (0, -1) : (segments[0].Index, segments[^1].Index);
        }
    }

    public CheckpointResult CreateCheckpoint(long cut, Func<ulong, bool> keepSeries, long mint) =>
        Checkpoint.Create(this, cut, keepSeries, mint);

    /// <summary>
    /// Crash leftovers of <see cref="Checkpoint.Create"/>: a temp checkpoint dir (crash while writing),
    /// an older checkpoint next to a newer one, or segments below the newest cut (crash while
    /// truncating). All are safe to delete: the newest complete checkpoint covers them.
    /// </summary>
    private void CleanUpLeftovers()
    {
        var changed = false;
        foreach (var tmp in WalDirectory.ListTempCheckpoints(Directory))
        {
            System.IO.Directory.Delete(tmp, recursive: true);
            changed = true;
        }

        var checkpoints = WalDirectory.ListCheckpoints(Directory);
        if (checkpoints.Count > 0)
        {
            for (var i = 0; i < checkpoints.Count - 1; i++)
            {
                System.IO.Directory.Delete(checkpoints[i].Path, recursive: true);
                changed = true;
            }

            var cutSegment = WalPosition.Segment(checkpoints[^1].Cut);
            foreach (var s in WalDirectory.ListSegments(Directory))
            {
                if (s.Index < cutSegment)
                {
                    File.Delete(s.Path);
                    changed = true;
                }
            }
        }

        if (changed)
        {
            FileSync.SyncDirectory(Directory);
        }
    }

    /// <summary>Starts the writer on first use: validates the log (if no replay ran), creates the first segment, starts the committer.</summary>
    internal void EnsureStarted()
    {
        if (_state == StateRunning)
        {
            return;
        }

        lock (_maintenanceLock)
        {
            if (_state == StateRunning)
            {
                return;
            }

            ObjectDisposedException.ThrowIf(_state != StateNew, this);
            if (!_validated)
            {
                LastReplayResult = ReplayCore(null);
            }

            var segment = _nextSegment;
            _segmentHandle = CreateSegmentFile(segment);
            _handleSegment = segment;
            var start = WalPosition.Make(segment, 0);
            lock (_writeLock)
            {
                _writeSegment = segment;
                _writeOffset = 0;
                Volatile.Write(ref _enqueuedEnd, start);
            }

            Volatile.Write(ref _committedEnd, start);
            _committer = new Thread(CommitterLoop) { IsBackground = true, Name = "wal-committer" };
            _state = StateRunning;
            _committer.Start();
        }
    }

    private SafeFileHandle CreateSegmentFile(int segment)
    {
        var handle = File.OpenHandle(WalDirectory.SegmentPath(Directory, segment), FileMode.CreateNew, FileAccess.Write,
            FileShare.ReadWrite | FileShare.Delete);
        // The new name must be durable before any record in it is acknowledged.
        FileSync.SyncDirectory(Directory);
        return handle;
    }

    /// <summary>Commits everything pending, stops the committer and closes the files.</summary>
    public void Dispose()
    {
        lock (_maintenanceLock)
        {
            if (_state == StateDisposed)
            {
                return;
            }

            if (_state == StateNew)
            {
                _state = StateDisposed;
                ReturnBuffers();
                return;
            }

            lock (_writeLock)
            {
                _state = StateStopping;
                Monitor.PulseAll(_writeLock);
            }

            WakeCommitter();
            _committer!.Join();
            _state = StateDisposed;
            ReturnBuffers();
        }
    }

    private void ReturnBuffers()
    {
        lock (_writeLock)
        {
            ArrayPool<byte>.Shared.Return(_pending);
            ArrayPool<byte>.Shared.Return(_spare);
            _pending = [];
            _spare = [];
        }
    }
}
