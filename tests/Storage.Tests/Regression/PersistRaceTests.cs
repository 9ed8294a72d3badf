using Tsdb.Storage.Tests.Model;
using Tsdb.Storage.Wal;

namespace Tsdb.Storage.Tests.Regression;

public class PersistRaceTests
{
    /// <summary>Holds a commit inside the commit lock (as a big batch does) right after it was applied to memory.</summary>
    private sealed class SlowCommitLog(IHeadLog inner) : IHeadLog
    {
        public readonly ManualResetEventSlim InCommit = new();
        public readonly ManualResetEventSlim Go = new();
        public volatile bool Armed;

        public long LogSeries(ulong seriesRef, Labels labels) => inner.LogSeries(seriesRef, labels);

        public long LogSamples(ReadOnlySpan<RefSample> samples)
        {
            var p = inner.LogSamples(samples);
            if (Armed)
            {
                Armed = false;
                InCommit.Set();
                Go.Wait();
            }

            return p;
        }

        public ValueTask WaitAsync(long position, CancellationToken ct) => inner.WaitAsync(position, ct);
        public void Wait(long position) => inner.Wait(position);
        public void Dispose() => inner.Dispose();
    }

    [Fact]
    public void LateSampleCommittedWhilePersistStarts_IsNotTruncatedAway()
    {
        using var tmp = new TempDir();
        var options = new DbOptions { BlockRange = 10_000, BackgroundCompaction = false, RetentionTime = TimeSpan.FromDays(3650) };
        using (var db = Storage.Db.Open(tmp.Path, options))
        {
            var app = db.Appender();
            for (var t = 100_000L; t <= 135_000; t += 1000)
            {
                app.Append(0, Labels.FromStrings("__name__", "now"), t, 1);
            }

            Assert.Equal(0, app.Commit().Rejected);
            var log = new SlowCommitLog(db.Head.Log);
            db.Head.Log = log;

            // A backfilling sender's batch: older than everything in the head, but no block covers it.
            log.Armed = true;
            AppendResult? late = null;
            var writer = new Thread(() =>
            {
                var a = db.Appender();
                a.Append(0, Labels.FromStrings("__name__", "late"), 5_000, 1);
                late = a.Commit();
            });
            writer.Start();
            log.InCommit.Wait();

            var compactor = new Thread(db.Compact);
            compactor.Start();          // reads Head.MinTime = 100_000, then blocks in RaiseMinValidTime
            Thread.Sleep(300);
            log.Go.Set();
            writer.Join();
            compactor.Join();
            Assert.Equal(1, late!.Appended);    // acknowledged

            using var q = db.Querier(long.MinValue, long.MaxValue);
            Console.WriteLine("in memory after compaction: " + StoreAssert.Read(q, [Matcher.Equal("__name__", "late")]).Count);
        }

        using var reopened = Storage.Db.Open(tmp.Path, options);
        Console.WriteLine("replay: " + reopened.ReplayStats);
        using var q2 = reopened.Querier(long.MinValue, long.MaxValue);
        Assert.Single(StoreAssert.Read(q2, [Matcher.Equal("__name__", "late")]));   // fails: lost for good
    }
}
