using Tsdb.Storage.Tests.Model;

namespace Tsdb.Storage.Tests.Regression;

public class ReplayAliasTests
{
    private static DbOptions Manual() => new() { BlockRange = 10_000, BackgroundCompaction = false, RetentionTime = TimeSpan.FromDays(3650) };

    private static int Count(Storage.Db db, string name)
    {
        using var q = db.Querier(long.MinValue, long.MaxValue);
        return StoreAssert.Read(q, [Matcher.Equal("__name__", name)]).Sum(s => s.Samples.Count);
    }

    /// <summary>
    /// A series GC'd at replay and re-created gets a second ref; a later replay maps both refs to one
    /// MemSeries (ref r1), so Head.IsLive(r2) is false and the next checkpoint drops r2's samples that
    /// are still only in the head.
    /// </summary>
    [Fact]
    public void SeriesRecreatedAfterReplayGc_CheckpointKeepsItsSamples()
    {
        using var tmp = new TempDir();
        var l = Labels.FromStrings("__name__", "m");
        using (var db = Storage.Db.Open(tmp.Path, Manual()))
        {
            var app = db.Appender();
            app.Append(0, l, 0, 1);
            app.Rollback();           // series record (ref 1) logged, no samples (e.g. a failed scrape)
        }

        using (var db = Storage.Db.Open(tmp.Path, Manual()))
        {
            // Replay GC'd the empty series; this re-creates it under ref 2.
            var app = db.Appender();
            for (var t = 0L; t < 30_000; t += 1000)
            {
                app.Append(0, l, t, t);
            }

            Assert.Equal(30, app.Commit().Appended);
        }

        using (var db = Storage.Db.Open(tmp.Path, Manual()))
        {
            Assert.Equal(30, Count(db, "m"));
            db.Compact();             // persists [0,10s) and [10s,20s), truncates, checkpoints
            Assert.Equal(30, Count(db, "m"));
        }

        using (var db = Storage.Db.Open(tmp.Path, Manual()))
        {
            Assert.Equal(30, Count(db, "m"));   // fails: the 10 samples in [20s,30s) are gone
        }
    }
}

public class ReviewFutureSampleTests
{
}
