using Tsdb.Storage.Wal;

namespace Tsdb.Storage;

/// <summary>
/// What the head needs from the write-ahead log. Series are logged when created, before any sample
/// that uses them, so replay never meets a sample of an unknown series.
/// </summary>
internal interface IHeadLog : IDisposable
{
    /// <summary>Enqueues a series record; returns its position.</summary>
    long LogSeries(ulong seriesRef, Labels labels);

    /// <summary>Enqueues a samples record; returns its position (or the last position when empty).</summary>
    long LogSamples(ReadOnlySpan<RefSample> samples);

    /// <summary>Enqueues a tombstones record; returns its position (-1: nothing to wait for, e.g. no WAL).</summary>
    long LogTombstones(ReadOnlySpan<RefTombstone> tombstones) => -1;

    /// <summary>Returns once everything up to <paramref name="position"/> is durable.</summary>
    ValueTask WaitAsync(long position, CancellationToken ct);

    void Wait(long position);
}

/// <summary>For a head without a WAL (tests, benchmarks, promqltest).</summary>
internal sealed class NoHeadLog : IHeadLog
{
    public static readonly NoHeadLog Instance = new();

    public long LogSeries(ulong seriesRef, Labels labels) => 0;

    public long LogSamples(ReadOnlySpan<RefSample> samples) => 0;

    public ValueTask WaitAsync(long position, CancellationToken ct) => ValueTask.CompletedTask;

    public void Wait(long position)
    {
    }

    public void Dispose()
    {
    }
}
