namespace Tsdb.Storage.Wal;

internal sealed partial class SegmentWal
{
    // Guards the pending batch and the write position. Held only for a header write and a memcpy.
    private readonly object _writeLock = new();

    // The pending batch: framed records not yet handed to the committer. The committer swaps it with
    // _spare (double buffering), so writers keep appending while a batch is written and fsynced.
    private byte[] _pending;
    private byte[] _spare;
    private int _pendingLength;

    // Where the pending bytes go: a new run starts at each segment switch (usually one run per batch).
    private readonly List<PendingRun> _pendingRuns = [];

    private int _writeSegment;
    private long _writeOffset;

    // Position just after the last enqueued record (or the start of a new empty segment).
    private long _enqueuedEnd;

    /// <summary>Pending bytes from <see cref="BufferStart"/> to the next run's start go to <see cref="Segment"/> at <see cref="FileOffset"/>.</summary>
    private readonly record struct PendingRun(int Segment, long FileOffset, int BufferStart);

    internal long EnqueuedEnd => Volatile.Read(ref _enqueuedEnd);

    public long Enqueue(ReadOnlySpan<byte> record)
    {
        if (_state != StateRunning)
        {
            EnsureStarted();
        }

        if (record.Length > WalFraming.MaxRecordSize)
        {
            throw new ArgumentException($"WAL record of {record.Length} bytes exceeds the maximum of {WalFraming.MaxRecordSize}", nameof(record));
        }

        // The CRC depends only on the record: compute it outside the lock.
        var crc = WalFraming.Checksum(record.Length, record);
        var total = WalFraming.HeaderSize + record.Length;
        lock (_writeLock)
        {
            ThrowIfNotWritable();
            // Back-pressure: let the committer take the batch before growing it further.
            while (_pendingLength > 0 && _pendingLength + total > _options.MaxPendingBytes)
            {
                RequestCommit();
                Monitor.Wait(_writeLock);
                ThrowIfNotWritable();
            }

            if (_writeOffset > 0 && _writeOffset + total > _options.SegmentSize)
            {
                // Records never span segments: roll (an oversized record gets a segment of its own).
                _writeSegment++;
                _writeOffset = 0;
                _pendingRuns.Add(new PendingRun(_writeSegment, 0, _pendingLength));
            }
            else if (_pendingRuns.Count == 0)
            {
                _pendingRuns.Add(new PendingRun(_writeSegment, _writeOffset, _pendingLength));
            }

            if (_pending.Length - _pendingLength < total)
            {
                Grow(total);
            }

            var destination = _pending.AsSpan(_pendingLength, total);
            WalFraming.WriteHeader(destination, record.Length, crc);
            record.CopyTo(destination[WalFraming.HeaderSize..]);

            var position = WalPosition.Make(_writeSegment, _writeOffset);
            _writeOffset += total;
            _pendingLength += total;
            Volatile.Write(ref _enqueuedEnd, WalPosition.Make(_writeSegment, _writeOffset));
            return position;
        }
    }

    public long StartNewSegment()
    {
        EnsureStarted();
        long cut;
        lock (_writeLock)
        {
            ThrowIfNotWritable();
            if (_writeOffset == 0)
            {
                // Already at the start of a segment (created at start, or by a pending roll).
                cut = WalPosition.Make(_writeSegment, 0);
            }
            else
            {
                // An empty run makes the committer create the file; committed end reaching the cut
                // means the old segment is fsynced and the new name is durable.
                _writeSegment++;
                _writeOffset = 0;
                _pendingRuns.Add(new PendingRun(_writeSegment, 0, _pendingLength));
                cut = WalPosition.Make(_writeSegment, 0);
                Volatile.Write(ref _enqueuedEnd, cut);
            }
        }

        WaitForCommittedEnd(cut);
        return cut;
    }

    private void Grow(int needed)
    {
        var size = Math.Max(_pending.Length * 2, _pendingLength + needed);
        var bigger = System.Buffers.ArrayPool<byte>.Shared.Rent(size);
        _pending.AsSpan(0, _pendingLength).CopyTo(bigger);
        System.Buffers.ArrayPool<byte>.Shared.Return(_pending);
        _pending = bigger;
    }

    private void ThrowIfNotWritable()
    {
        if (_failure is { } failure)
        {
            throw new IOException("the write-ahead log failed earlier and accepts no more records: " + failure.Message, failure);
        }

        ObjectDisposedException.ThrowIf(_state != StateRunning, this);
    }
}
