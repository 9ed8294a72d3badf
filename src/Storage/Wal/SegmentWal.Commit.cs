using Microsoft.Win32.SafeHandles;

namespace Tsdb.Storage.Wal;

/// <summary>
/// Group commit. One dedicated committer thread (never a thread-pool thread: see dependencies.md 1.2)
/// loops:
/// <list type="number">
/// <item>sleep until a waiter asks for a commit, or <see cref="WalOptions.CommitInterval"/> passes;</item>
/// <item>under the write lock, swap the pending buffer with the spare one and note the enqueued end;</item>
/// <item>write the batch (switching segment files where runs say so: the old file is fsynced and
/// closed, the new one created and its directory entry fsynced), then fsync the current file;</item>
/// <item>publish the committed end and wake the waiters (monitor for blocking waits, a fresh
/// TaskCompletionSource per commit for async ones).</item>
/// </list>
/// A wait asks for a commit immediately, so a lone writer pays one write + fsync per wait rather than
/// a tick; whoever enqueues while a commit runs is carried by the next one.
/// </summary>
internal sealed partial class SegmentWal
{
    private readonly object _committerLock = new(); // committer sleeps here; RequestCommit pulses it
    private readonly object _waitLock = new();      // blocking waiters sleep here
    private readonly List<PendingRun> _committingRuns = [];

    private Thread? _committer;
    private volatile bool _commitRequested;
    private volatile bool _committerExited;
    private volatile Exception? _failure;

    // Everything before this position is durable.
    private long _committedEnd;

    // Completed (and replaced) after every commit; async waiters await the current one.
    private TaskCompletionSource _commitTcs;

    // Committer-owned: the open segment file.
    private SafeFileHandle? _segmentHandle;
    private int _handleSegment = -1;

    internal long CommittedEnd => Volatile.Read(ref _committedEnd);

    public void WaitForCommit(long position)
    {
        if (Volatile.Read(ref _committedEnd) > position)
        {
            return;
        }

        ValidateWaitPosition(position);
        WaitForCommittedEnd(position + 1);
    }

    public ValueTask WaitForCommitAsync(long position, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _committedEnd) > position)
        {
            return ValueTask.CompletedTask;
        }

        ValidateWaitPosition(position);
        return WaitSlowAsync(position + 1, cancellationToken);
    }

    public void Commit()
    {
        if (_state == StateNew)
        {
            return;
        }

        WaitForCommittedEnd(Volatile.Read(ref _enqueuedEnd));
    }

    /// <summary>Blocks until everything before <paramref name="end"/> is durable.</summary>
    internal void WaitForCommittedEnd(long end)
    {
        if (Volatile.Read(ref _committedEnd) >= end)
        {
            return;
        }

        lock (_waitLock)
        {
            while (Volatile.Read(ref _committedEnd) < end)
            {
                ThrowIfCommitterGone();
                RequestCommit();
                // The committer publishes before it takes _waitLock to pulse, so checking under the
                // lock cannot miss a wake-up.
                Monitor.Wait(_waitLock);
            }
        }
    }

    private async ValueTask WaitSlowAsync(long end, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Read the TCS before checking: a commit after the check completes this TCS.
            var tcs = Volatile.Read(ref _commitTcs);
            if (Volatile.Read(ref _committedEnd) >= end)
            {
                return;
            }

            ThrowIfCommitterGone();
            RequestCommit();
            await tcs.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void ValidateWaitPosition(long position)
    {
        if (position < 0 || position >= Volatile.Read(ref _enqueuedEnd))
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, "not the position of an enqueued record");
        }
    }

    private void ThrowIfCommitterGone()
    {
        if (_failure is { } failure)
        {
            throw new IOException("write-ahead log commit failed: " + failure.Message, failure);
        }

        if (_committerExited)
        {
            throw new ObjectDisposedException(nameof(SegmentWal), "the WAL was closed before the record was committed");
        }
    }

    private void RequestCommit()
    {
        if (_commitRequested)
        {
            return; // the committer has not taken the request yet, and will see our records
        }

        WakeCommitter();
    }

    private void WakeCommitter()
    {
        lock (_committerLock)
        {
            _commitRequested = true;
            Monitor.Pulse(_committerLock);
        }
    }

    private void CommitterLoop()
    {
        try
        {
            while (true)
            {
                bool stopping;
                lock (_committerLock)
                {
                    if (!_commitRequested && _state == StateRunning)
                    {
                        Monitor.Wait(_committerLock, _options.CommitInterval);
                    }

                    _commitRequested = false;
                    stopping = _state != StateRunning;
                }

                // Dispose flips the state under the write lock, so a batch taken after seeing
                // "stopping" holds every record that will ever be enqueued.
                CommitBatch();
                if (stopping)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            // Disk full, I/O error: fail loudly. Records after the last fsync are not acknowledged.
            _failure = ex;
        }
        finally
        {
            try
            {
                _segmentHandle?.Dispose();
            }
            catch (IOException)
            {
                // Closing after a failure; the failure is already recorded.
            }

            _committerExited = true;
            lock (_writeLock)
            {
                Monitor.PulseAll(_writeLock);
            }

            WakeWaiters();
        }
    }

    private void CommitBatch()
    {
        long end;
        int length;
        byte[] data;
        lock (_writeLock)
        {
            end = Volatile.Read(ref _enqueuedEnd);
            if (_pendingRuns.Count == 0)
            {
                return;
            }

            data = _pending;
            (_pending, _spare) = (_spare, _pending);
            length = _pendingLength;
            _pendingLength = 0;
            _committingRuns.Clear();
            _committingRuns.AddRange(_pendingRuns);
            _pendingRuns.Clear();
            Monitor.PulseAll(_writeLock); // writers blocked by back-pressure
        }

        for (var i = 0; i < _committingRuns.Count; i++)
        {
            var run = _committingRuns[i];
            var stop = i + 1 < _committingRuns.Count ? _committingRuns[i + 1].BufferStart : length;
            if (run.Segment != _handleSegment)
            {
                SwitchSegment(run.Segment);
            }

            if (stop > run.BufferStart)
            {
                RandomAccess.Write(_segmentHandle!, data.AsSpan(run.BufferStart, stop - run.BufferStart), run.FileOffset);
            }
        }

        var fsyncStart = System.Diagnostics.Stopwatch.GetTimestamp();
        RandomAccess.FlushToDisk(_segmentHandle!);
        StorageMeter.WalFsyncDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(fsyncStart).TotalSeconds);
        Volatile.Write(ref _committedEnd, end);
        WakeWaiters();
    }

    private void SwitchSegment(int segment)
    {
        if (_segmentHandle is not null)
        {
            // The finished segment's records are acknowledged with this batch: make them durable first.
            RandomAccess.FlushToDisk(_segmentHandle);
            _segmentHandle.Dispose();
        }

        _segmentHandle = null;
        _segmentHandle = CreateSegmentFile(segment);
        _handleSegment = segment;
    }

    private void WakeWaiters()
    {
        lock (_waitLock)
        {
            Monitor.PulseAll(_waitLock);
        }

        var previous = Interlocked.Exchange(ref _commitTcs, NewCommitTcs());
        previous.TrySetResult();
    }

    // Continuations run on the pool, not on the committer thread.
    private static TaskCompletionSource NewCommitTcs() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
