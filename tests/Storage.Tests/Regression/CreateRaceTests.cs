using Tsdb.Storage.Tests.Model;
using Tsdb.Storage.Wal;

namespace Tsdb.Storage.Tests.Regression;

public class CreateRaceTests
{
    /// <summary>Pauses a series creation right after its WAL record was enqueued (as a preemption would).</summary>
    private sealed class PausingLog(IHeadLog inner) : IHeadLog
    {
        public readonly ManualResetEventSlim Enqueued = new();
        public readonly ManualResetEventSlim Go = new();
        public volatile bool Armed;

        public long LogSeries(ulong seriesRef, Labels labels)
        {
            var p = inner.LogSeries(seriesRef, labels);
            if (Armed)
            {
                Enqueued.Set();
                Go.Wait();
            }

            return p;
        }

        public long LogSamples(ReadOnlySpan<RefSample> samples) => inner.LogSamples(samples);
        public ValueTask WaitAsync(long position, CancellationToken ct) => inner.WaitAsync(position, ct);
        public void Wait(long position) => inner.Wait(position);
        public void Dispose() => inner.Dispose();
    }

    [Fact]
    public void SeriesCreatedWhileCheckpointing_SurvivesRestart()
    {
        using var tmp = new TempDir();
        var options = new DbOptions { BlockRange = 10_000, BackgroundCompaction = false };
        var l = Labels.FromStrings("__name__", "new");
        using (var db = Storage.Db.Open(tmp.Path, options))
        {
            var inner = db.Head.Log;
            var wal = ((WalHeadLog)inner).Wal;
            var log = new PausingLog(inner) { Armed = true };
            db.Head.Log = log;

            var writer = new Thread(() =>
            {
                var app = db.Appender();
                app.Append(0, l, 1000, 1);      // Create: record enqueued, then paused before _byRef insert
                Assert.Equal(1, app.Commit().Appended);
            });
            writer.Start();
            log.Enqueued.Wait();

            // The tail of Db.PersistHead (after Head.Truncate released the creation lock).
            var cut = wal.StartNewSegment();
            wal.CreateCheckpoint(cut, db.Head.IsLive, 0);

            log.Go.Set();
            writer.Join();
        }

        using var reopened = Storage.Db.Open(tmp.Path, options);
        Assert.Equal(0, reopened.ReplayStats!.UnknownRefSamples);   // fails: 1
        using var q = reopened.Querier(long.MinValue, long.MaxValue);
        Assert.Single(StoreAssert.Read(q, [Matcher.Equal("__name__", "new")]));
    }
}
