using System.Buffers;
using Tsdb.Storage.Wal;

namespace Tsdb.Storage;

/// <summary>The head's log over the write-ahead log: encodes series and sample records.</summary>
internal sealed class WalHeadLog(IWriteAheadLog wal) : IHeadLog
{
    // Series creation is serialised by the head's creation lock and sample logging by its commit
    // lock, so each buffer has one user at a time.
    private readonly ArrayBufferWriter<byte> _seriesBuffer = new(256);
    private readonly ArrayBufferWriter<byte> _samplesBuffer = new(4096);
    private readonly ArrayBufferWriter<byte> _tombstonesBuffer = new(256);
    private readonly RefSeries[] _one = new RefSeries[1];
    // Records stay far below the WAL's record size limit however large a batch is.
    private const int MaxSamplesPerRecord = 1 << 20;

    // -1: nothing logged by this process yet (0 is a valid position: segment 0, offset 0).
    private long _last = -1;

    public IWriteAheadLog Wal => wal;

    public long LogSeries(ulong seriesRef, Labels labels)
    {
        _seriesBuffer.ResetWrittenCount();
        _one[0] = new RefSeries(seriesRef, labels);
        WalRecords.EncodeSeries(_seriesBuffer, _one);
        return RaiseLast(wal.Enqueue(_seriesBuffer.WrittenSpan));
    }

    public long LogSamples(ReadOnlySpan<RefSample> samples)
    {
        if (samples.IsEmpty)
        {
            // Nothing new, but the batch may repeat samples whose first copy is still in flight.
            return Volatile.Read(ref _last);
        }

        var position = 0L;
        for (var offset = 0; offset < samples.Length; offset += MaxSamplesPerRecord)
        {
            _samplesBuffer.ResetWrittenCount();
            WalRecords.EncodeSamples(_samplesBuffer, samples.Slice(offset, Math.Min(MaxSamplesPerRecord, samples.Length - offset)));
            position = wal.Enqueue(_samplesBuffer.WrittenSpan);
        }

        return RaiseLast(position);
    }

    /// <summary>Called under the head's commit lock, like sample logging.</summary>
    public long LogTombstones(ReadOnlySpan<RefTombstone> tombstones)
    {
        _tombstonesBuffer.ResetWrittenCount();
        WalRecords.EncodeTombstones(_tombstonesBuffer, tombstones);
        return RaiseLast(wal.Enqueue(_tombstonesBuffer.WrittenSpan));
    }

    /// <summary>Keeps the newest position; series and samples are logged from different locks.</summary>
    private long RaiseLast(long position)
    {
        var seen = Volatile.Read(ref _last);
        while (position > seen)
        {
            var prior = Interlocked.CompareExchange(ref _last, position, seen);
            if (prior == seen)
            {
                break;
            }

            seen = prior;
        }

        return position;
    }

    // Position -1: nothing was enqueued in this process yet, so everything the batch repeats is
    // already durable from an earlier run.
    public ValueTask WaitAsync(long position, CancellationToken ct) => position < 0 ? ValueTask.CompletedTask : wal.WaitForCommitAsync(position, ct);

    public void Wait(long position)
    {
        if (position >= 0)
        {
            wal.WaitForCommit(position);
        }
    }

    public void Dispose() => wal.Dispose();
}
