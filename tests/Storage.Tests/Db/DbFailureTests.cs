using System.Globalization;
using Tsdb.Storage.Tests.Model;

namespace Tsdb.Storage.Tests.Db;

public class DbFailureTests
{
    private static DbOptions Manual() => new() { BlockRange = 10_000, BackgroundCompaction = false, RetentionTime = TimeSpan.FromDays(3650) };

    private static void Fill(Storage.Db db, long from, long to, string name = "m")
    {
        var app = db.Appender();
        for (var t = from; t < to; t += 1000)
        {
            for (var i = 0; i < 3; i++)
            {
                app.Append(0, Labels.FromStrings("__name__", name, "i", i.ToString(CultureInfo.InvariantCulture)), t, t / 1000.0);
            }
        }

        Assert.Equal(0, app.Commit().Rejected);
    }

    private static int CountSamples(Storage.Db db, long mint = long.MinValue, long maxt = long.MaxValue)
    {
        using var q = db.Querier(mint, maxt);
        return StoreAssert.Read(q, [Matcher.Regex("__name__", ".+")]).Sum(s => s.Samples.Count);
    }

    [Fact]
    public void TruncatedBlockFile_IsReportedAndSkipped_TheRestOpens()
    {
        using var tmp = new TempDir();
        using (var db = Storage.Db.Open(tmp.Path, Manual()))
        {
            Fill(db, 0, 60_000);
            db.Compact();
            Assert.True(db.Blocks.Count >= 3);
        }

        var victim = Directory.GetDirectories(tmp.Path).Where(d => !d.EndsWith("wal", StringComparison.Ordinal)).Order(StringComparer.Ordinal).First();
        var index = Path.Combine(victim, "index");
        using (var f = new FileStream(index, FileMode.Open))
        {
            f.SetLength(f.Length / 2);
        }

        using var reopened = Storage.Db.Open(tmp.Path, Manual());
        var warning = Assert.Single(reopened.StartupWarnings);
        Assert.Contains(Path.GetFileName(victim), warning, StringComparison.Ordinal);
        // The other blocks and the head still answer: everything but the first block's 10 s x 3 series.
        Assert.Equal(60 * 3 - 10 * 3, CountSamples(reopened));
    }

    [Fact]
    public void TornWalTail_DoesNotStopStartup_AndEarlierCommitsSurvive()
    {
        using var tmp = new TempDir();
        using (var db = Storage.Db.Open(tmp.Path, Manual()))
        {
            Fill(db, 0, 5_000);
            Fill(db, 5_000, 6_000, "late");
        }

        // Cut into the last record of the newest non-empty segment.
        var segment = Directory.GetFiles(Path.Combine(tmp.Path, "wal")).Where(f => new FileInfo(f).Length > 0 && Path.GetFileName(f).All(char.IsDigit)).Order(StringComparer.Ordinal).Last();
        using (var f = new FileStream(segment, FileMode.Open))
        {
            f.SetLength(f.Length - 5);
        }

        using (var reopened = Storage.Db.Open(tmp.Path, Manual()))
        {
            Assert.Contains(reopened.StartupWarnings, w => w.Contains("WAL corruption", StringComparison.Ordinal));
            Assert.Equal(15, CountSamples(reopened));   // the torn last batch ("late") is gone, the rest is there
            Fill(reopened, 6_000, 7_000);
        }

        using var again = Storage.Db.Open(tmp.Path, Manual());
        Assert.Empty(again.StartupWarnings);
        Assert.Equal(18, CountSamples(again));
    }

    [Fact]
    public void RetentionByTime_DeletesOldBlocks()
    {
        using var tmp = new TempDir();
        using var db = Storage.Db.Open(tmp.Path, new DbOptions { BlockRange = 10_000, BackgroundCompaction = false, RetentionTime = TimeSpan.FromSeconds(30) });
        Fill(db, 0, 100_000);
        db.Compact();
        Assert.All(db.Blocks, b => Assert.True(b.MaxTime > 100_000 - 30_000 - 10_000, $"block [{b.MinTime},{b.MaxTime}) should be gone"));
        Assert.Equal(0, CountSamples(db, 0, 40_000));
    }

    [Fact]
    public void RetentionBySize_KeepsNewestBlocksWithinTheLimit()
    {
        using var tmp = new TempDir();
        using var db = Storage.Db.Open(tmp.Path, new DbOptions { BlockRange = 10_000, BackgroundCompaction = false, RetentionSize = 1 });
        Fill(db, 0, 100_000);
        db.Compact();
        Assert.Empty(db.Blocks);
        Assert.True(CountSamples(db) > 0, "the head keeps the newest data");
    }

    [Fact]
    public void BackgroundCompaction_WithConcurrentAppendsAndQueries_LosesNothingAccepted()
    {
        using var tmp = new TempDir();
        var options = new DbOptions { BlockRange = 2_000, CompactionInterval = TimeSpan.FromMilliseconds(20), RetentionTime = TimeSpan.FromDays(3650) };
        using var db = Storage.Db.Open(tmp.Path, options);
        using var stop = new CancellationTokenSource();
        var errors = new List<Exception>();
        var accepted = 0L;
        var writers = Enumerable.Range(0, 2).Select(w => new Thread(() =>
        {
            try
            {
                var app = db.Appender();
                var refs = new ulong[20];
                for (var k = 0; k < 400; k++)
                {
                    for (var i = 0; i < refs.Length; i++)
                    {
                        refs[i] = app.Append(refs[i], Labels.FromStrings("__name__", "w", "w", w.ToString(CultureInfo.InvariantCulture), "i", i.ToString(CultureInfo.InvariantCulture)), k * 50L, k);
                    }

                    // A writer that falls behind may see its oldest samples rejected as out of bounds once
                    // the other writer's data made compaction persist that range; nothing else may fail.
                    var r = app.Commit();
                    Assert.Equal(r.Rejected, r.OutOfBounds);
                    Interlocked.Add(ref accepted, r.Appended);
                }
            }
            catch (Exception e)
            {
                lock (errors) { errors.Add(e); }
            }
        })).ToList();
        var reader = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    // Every sample read must be one that was written: value k at t = k * 50.
                    using var q = db.Querier(long.MinValue, long.MaxValue);
                    foreach (var s in q.Select(Matcher.Equal("__name__", "w")))
                    {
                        var it = s.Iterator();
                        while (it.Next() == SampleKind.Float)
                        {
                            Assert.Equal(it.At().T, (long)it.At().V * 50);
                        }
                    }
                }
                catch (Exception e)
                {
                    lock (errors) { errors.Add(e); }
                }
            }
        });
        reader.Start();
        writers.ForEach(t => t.Start());
        writers.ForEach(t => t.Join());
        stop.Cancel();
        reader.Join();
        Assert.Empty(errors);
        db.Compact();
        Assert.True(db.HeadBlocksPersisted > 0);
        Assert.True(accepted > 2 * 20 * 200, $"only {accepted} samples accepted");
        Assert.Equal(accepted, CountSamples(db));
    }
}

public class DbLabelTests
{
    [Fact]
    public void LabelNamesAndValues_SpanHeadAndBlocks_RestrictedByMatchersAndTime()
    {
        using var tmp = new TempDir();
        using var db = Storage.Db.Open(tmp.Path, new DbOptions { BlockRange = 10_000, BackgroundCompaction = false, RetentionTime = TimeSpan.FromDays(3650) });
        var app = db.Appender();
        app.Append(0, Labels.FromStrings("__name__", "old", "job", "a", "zone", "eu"), 1_000, 1);
        app.Append(0, Labels.FromStrings("__name__", "new", "job", "b"), 40_000, 1);
        app.Append(0, Labels.FromStrings("__name__", "new", "job", "c", "env", "prod"), 40_000, 1);
        app.Commit();
        db.Compact();
        Assert.Single(db.Blocks);   // "old" went into a block, "new" stays in the head

        using var all = db.Querier(long.MinValue, long.MaxValue);
        Assert.Equal(["__name__", "env", "job", "zone"], all.LabelNames());
        Assert.Equal(["a", "b", "c"], all.LabelValues("job"));
        Assert.Equal(["b", "c"], all.LabelValues("job", [Matcher.Equal("__name__", "new")]));
        Assert.Equal(["__name__", "env", "job"], all.LabelNames([Matcher.Equal("job", "c")]));

        using var recent = db.Querier(30_000, 50_000);
        Assert.Equal(["b", "c"], recent.LabelValues("job", [Matcher.Regex("job", ".+")]));
        Assert.Equal(["new"], recent.Select(Matcher.Regex("__name__", ".+")).Select(s => s.Labels.MetricName).Distinct());
    }
}
