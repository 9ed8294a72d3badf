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
    private readonly RefSeries[] _one = new RefSeries[1];
    private long _last;

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

        _samplesBuffer.ResetWrittenCount();
        WalRecords.EncodeSamples(_samplesBuffer, samples);
        return RaiseLast(wal.Enqueue(_samplesBuffer.WrittenSpan));
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

    // Position 0: nothing was enqueued in this process yet, so everything the batch repeats is
    // already durable from an earlier run.
    public ValueTask WaitAsync(long position, CancellationToken ct) => position == 0 ? ValueTask.CompletedTask : wal.WaitForCommitAsync(position, ct);

    public void Wait(long position)
    {
        if (position != 0)
        {
            wal.WaitForCommit(position);
        }
    }

    public void Dispose() => wal.Dispose();
}
