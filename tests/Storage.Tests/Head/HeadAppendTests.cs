namespace Tsdb.Storage.Tests.Head;

using Tsdb.Storage.Tests.Model;

public class HeadAppendTests
{
    private static readonly Labels Up = Labels.FromStrings("__name__", "up", "job", "api");

    private static List<(Labels Labels, List<Sample> Samples)> ReadAll(Storage.Head head, long mint = long.MinValue, long maxt = long.MaxValue)
    {
        using var q = new Querier([head], mint, maxt);
        return StoreAssert.Read(q, [Matcher.Regex("__name__", ".+")]);
    }

    [Fact]
    public void OutOfOrder_AndDuplicates_AreRejected_WhileGoodSamplesOfTheBatchAreKept()
    {
        using var head = new Storage.Head();
        var app = head.Appender();
        app.Append(0, Up, 1000, 1);
        app.Append(0, Up, 2000, 2);
        Assert.Equal(2, app.Commit().Appended);

        app.Append(0, Up, 1500, 9);   // out of order
        app.Append(0, Up, 2000, 3);   // duplicate timestamp, other value
        app.Append(0, Up, 2000, 2);   // exact repeat: accepted silently
        app.Append(0, Up, 3000, 4);   // good
        var r = app.Commit();
        Assert.Equal(1, r.OutOfOrder);
        Assert.Equal(1, r.Duplicates);
        Assert.Equal(2, r.Appended);
        Assert.Equal(2, r.Rejected);
        Assert.Contains("out of order sample", r.Describe(), StringComparison.Ordinal);
        Assert.Equal(AppendError.OutOfOrder, r.Errors[0].Error);
        Assert.Equal(1500, r.Errors[0].T);

        var got = Assert.Single(ReadAll(head));
        Assert.Equal([new(1000, 1), new(2000, 2), new(3000, 4)], got.Samples);
    }

    [Fact]
    public void EmptyLabelSet_IsRejected_PerSample()
    {
        using var head = new Storage.Head();
        var app = head.Appender();
        Assert.Equal(0UL, app.Append(0, Labels.Empty, 1, 1));
        app.Append(0, Up, 1, 1);
        var r = app.Commit();
        Assert.Equal(1, r.InvalidLabels);
        Assert.Equal(1, r.Appended);
    }

    [Fact]
    public void StalenessMarker_SurvivesBitExactly_AndDiffersFromNaN()
    {
        using var head = new Storage.Head();
        var app = head.Appender();
        app.Append(0, Up, 1, double.NaN);
        app.Append(0, Up, 2, StaleNaN.Value);
        app.Commit();
        var s = Assert.Single(ReadAll(head)).Samples;
        Assert.False(StaleNaN.Is(s[0].V));
        Assert.True(StaleNaN.Is(s[1].V));

        // A stale marker at the same timestamp as an ordinary NaN is a different value.
        app.Append(0, Up, 2, double.NaN);
        Assert.Equal(1, app.Commit().Duplicates);
    }

    [Fact]
    public void Chunks_AreCut_At120Samples_AndAtRangeBoundaries()
    {
        using var head = new Storage.Head(new HeadOptions { ChunkRange = 1_000_000 });
        var app = head.Appender();
        var seriesRef = 0UL;
        for (var i = 0; i < 300; i++)
        {
            seriesRef = app.Append(seriesRef, Up, i * 1000L, i);
        }

        app.Commit();
        var metas = new List<Tsdb.Storage.Index.ChunkMeta>();
        head.Index(long.MinValue, long.MaxValue).Series(seriesRef, out _, metas);
        // 0..119, 120..239, 240..299 within the first range window [0, 1_000_000).
        Assert.Equal(3, metas.Count);
        Assert.Equal(119_000, metas[0].MaxTime);

        app.Append(seriesRef, Up, 1_000_000, 1);   // crosses the range boundary: new chunk
        app.Commit();
        head.Index(long.MinValue, long.MaxValue).Series(seriesRef, out _, metas);
        Assert.Equal(4, metas.Count);
        Assert.Equal(1_000_000, metas[3].MinTime);
    }

    [Fact]
    public void WrongRef_ForOtherLabels_FallsBackToLabels()
    {
        using var head = new Storage.Head();
        var app = head.Appender();
        var r1 = app.Append(0, Up, 1, 1);
        var other = Labels.FromStrings("__name__", "other");
        var r2 = app.Append(r1, other, 1, 1);
        Assert.NotEqual(r1, r2);
        Assert.Equal(r1, app.Append(r1, Labels.Empty, 2, 2));   // empty labels: the ref names the series
        Assert.Equal(3, app.Commit().Appended);
        Assert.Equal(2, head.NumSeries);
    }

    [Fact]
    public void StaleRef_OfACollectedSeries_FallsBackToLabels()
    {
        using var head = new Storage.Head(new HeadOptions { ChunkRange = 10_000 });
        var app = head.Appender();
        var r1 = app.Append(0, Up, 1, 1);
        app.Commit();
        head.Truncate(20_000);   // collects the series: r1 is stale now
        Assert.Equal(0, head.NumSeries);
        var r2 = app.Append(r1, Up, 30_000, 2);
        Assert.NotEqual(r1, r2);
        Assert.Equal(1, app.Commit().Appended);
        Assert.Equal(new Sample(30_000, 2), Assert.Single(Assert.Single(ReadAll(head)).Samples));
    }

    [Fact]
    public void Truncate_DropsOldChunks_GCsEmptySeries_AndRejectsOldSamples()
    {
        using var head = new Storage.Head(new HeadOptions { ChunkRange = 10_000 });
        var app = head.Appender();
        var old = Labels.FromStrings("__name__", "old");
        app.Append(0, old, 1000, 1);
        for (var t = 0L; t < 30_000; t += 1000)
        {
            app.Append(0, Up, t, t);
        }

        app.Commit();
        Assert.Equal(2, head.NumSeries);
        Assert.Equal(1, head.Truncate(20_000));
        Assert.Equal(1, head.NumSeries);
        Assert.Equal(20_000, head.MinTime);
        Assert.Equal(20_000, Assert.Single(ReadAll(head)).Samples[0].T);
        Assert.DoesNotContain("old", head.Index(0, long.MaxValue).LabelValues("__name__"));

        app.Append(0, Up, 19_000, 5);
        app.Append(0, old, 19_000, 5);
        var r = app.Commit();
        Assert.Equal(2, r.OutOfBounds);
    }

    /// <summary>Records what the head logs, in order.</summary>
    private sealed class RecordingLog : IHeadLog
    {
        public List<(string Kind, ulong Ref)> Events { get; } = [];

        public long LogSeries(ulong seriesRef, Labels labels)
        {
            lock (Events)
            {
                Events.Add(("series", seriesRef));
                return Events.Count;
            }
        }

        public long LogSamples(ReadOnlySpan<Tsdb.Storage.Wal.RefSample> samples)
        {
            lock (Events)
            {
                foreach (var s in samples)
                {
                    Events.Add(("sample", s.Ref));
                }

                return Events.Count;
            }
        }

        public ValueTask WaitAsync(long position, CancellationToken ct) => ValueTask.CompletedTask;

        public void Wait(long position)
        {
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public void PendingSeries_CollectedBeforeCommit_GoesToAFreshSeriesLoggedFirst()
    {
        // Appenders do not pin series: GC may collect one between lookup and commit, and the commit then
        // sends its samples to a new series whose WAL record precedes theirs.
        var log = new RecordingLog();
        using var head = new Storage.Head(new HeadOptions { ChunkRange = 10_000 }, log);
        var kept = Labels.FromStrings("__name__", "kept");
        var pending = Labels.FromStrings("__name__", "pending");
        var setup = head.Appender();
        var keptRef = setup.Append(0, kept, 45_000, 0);
        setup.Commit();

        var app = head.Appender();
        var oldRef = app.Append(0, pending, 50_000, 1);   // created, not committed
        app.Append(0, kept, 50_000, 2);
        app.Append(oldRef, pending, 51_000, 3);
        Assert.Equal(1, head.Truncate(40_000));            // collects "pending": it has no samples yet
        Assert.Null(head.SeriesByLabels(pending));

        var r = app.Commit();

        Assert.Equal(3, r.Appended);
        var newRef = head.SeriesByLabels(pending)!.Ref;
        Assert.NotEqual(oldRef, newRef);
        var all = ReadAll(head).ToDictionary(s => s.Labels.Get("__name__"), s => s.Samples.Select(x => (x.T, x.V)).ToList());
        Assert.Equal([(50_000L, 1.0), (51_000L, 3.0)], all["pending"]);
        Assert.Equal([(45_000L, 0.0), (50_000L, 2.0)], all["kept"]);
        Assert.Equal(
            [("series", keptRef), ("sample", keptRef), ("series", oldRef), ("series", newRef), ("sample", newRef), ("sample", keptRef), ("sample", newRef)],
            log.Events);
    }

    [Fact]
    public void ConcurrentGc_CollectingUncommittedSeries_LosesNothing_AndLogsEverySeriesBeforeItsSamples()
    {
        // Every batch creates fresh series, so until it commits each of them has no samples and GC may
        // collect it; a truncation loop (dropping no data) keeps trying while appenders commit.
        var log = new RecordingLog();
        using var head = new Storage.Head(new HeadOptions(), log);
        var done = 0;
        var gc = new Thread(() =>
        {
            while (Volatile.Read(ref done) == 0)
            {
                head.Truncate(long.MinValue);
            }
        });
        gc.Start();
        var appenders = Enumerable.Range(0, 3).Select(w => new Thread(() =>
        {
            var app = head.Appender();
            for (var batch = 0; batch < 300; batch++)
            {
                for (var i = 0; i < 5; i++)
                {
                    var labels = Labels.FromStrings("__name__", "m", "b", $"{w}-{batch}", "i", $"{i}");
                    var r = app.Append(0, labels, 1000, i);
                    app.Append(r, labels, 2000, i);
                }

                Assert.Equal(10, app.Commit().Appended);
            }
        })).ToList();
        appenders.ForEach(t => t.Start());
        appenders.ForEach(t => t.Join());
        Volatile.Write(ref done, 1);
        gc.Join();

        var all = ReadAll(head);
        Assert.Equal(3 * 300 * 5, all.Count);
        Assert.All(all, s => Assert.Equal([(1000L, (double)int.Parse(s.Labels.Get("i"))), (2000L, (double)int.Parse(s.Labels.Get("i")))], s.Samples.Select(x => (x.T, x.V))));
        var logged = new HashSet<ulong>();
        foreach (var (kind, seriesRef) in log.Events)
        {
            if (kind == "series")
            {
                logged.Add(seriesRef);
            }
            else
            {
                Assert.Contains(seriesRef, logged);
            }
        }

        Assert.Equal(3 * 300 * 5 * 2, log.Events.Count(e => e.Kind == "sample"));
    }

    [Fact]
    public void ConcurrentAppenders_LoseNothing()
    {
        using var head = new Storage.Head();
        var threads = Enumerable.Range(0, 4).Select(w => new Thread(() =>
        {
            var app = head.Appender();
            for (var i = 0; i < 2000; i++)
            {
                app.Append(0, Labels.FromStrings("__name__", "m", "w", w.ToString(System.Globalization.CultureInfo.InvariantCulture), "s", (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture)), i, i);
                if (i % 100 == 99)
                {
                    Assert.Equal(0, app.Commit().Rejected);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var all = ReadAll(head);
        Assert.Equal(40, all.Count);
        Assert.Equal(8000, all.Sum(s => s.Samples.Count));
        Assert.Equal(8000, head.SamplesAppended);
    }

    [Fact]
    public void Stats_ReportCardinalities()
    {
        using var head = new Storage.Head();
        var app = head.Appender();
        for (var i = 0; i < 5; i++)
        {
            app.Append(0, Labels.FromStrings("__name__", "a", "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), 1, 1);
        }

        app.Append(0, Labels.FromStrings("__name__", "b"), 1, 1);
        app.Commit();
        var st = head.Stats();
        Assert.Equal(6, st.NumSeries);
        Assert.Equal(("a", 5), st.SeriesCountByMetricName[0]);
        Assert.Equal(("i", 5), st.LabelValueCountByLabelName[0]);
    }
}

public class HeadExtremesTests
{
    [Fact]
    public void ExtremeTimestamps_AppendQueryAndPersistWithoutOverflow()
    {
        using var tmp = new Tsdb.Storage.Tests.Model.TempDir();
        using var db = Storage.Db.Open(tmp.Path, new DbOptions { BackgroundCompaction = false, RetentionTime = TimeSpan.FromDays(3650) });
        var app = db.Appender();
        var l = Labels.FromStrings("__name__", "edge");
        long[] times = [long.MinValue + 1, -1, 0, long.MaxValue - 1];
        foreach (var t in times)
        {
            app.Append(0, l, t, 1);
        }

        Assert.Equal(4, app.Commit().Appended);
        db.Compact();
        using var q = db.Querier(long.MinValue, long.MaxValue);
        var got = Tsdb.Storage.Tests.Model.StoreAssert.Read(q, [Matcher.Equal("__name__", "edge")]);
        Assert.Equal(times, got.Single().Samples.Select(s => s.T));
    }

    [Fact]
    public void Interner_ForgetsStringsOfCollectedSeries()
    {
        using var head = new Storage.Head(new HeadOptions { ChunkRange = 1000 });
        var app = head.Appender();
        for (var i = 0; i < 100; i++)
        {
            app.Append(0, Labels.FromStrings("__name__", "pod", "name", "pod-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), 10, 1);
        }

        app.Append(0, Labels.FromStrings("__name__", "pod", "name", "stays"), 5000, 1);
        app.Commit();
        Assert.True(head.InternedStrings > 100);
        Assert.Equal(100, head.Truncate(2000));
        Assert.Equal(1, head.NumSeries);
        Assert.Equal(4, head.InternedStrings);   // __name__, pod, name, stays
        Assert.Equal(["stays"], head.Index(long.MinValue, long.MaxValue).LabelValues("name"));
    }
}
