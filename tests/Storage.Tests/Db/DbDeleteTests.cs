using System.Globalization;
using Tsdb.Storage.Tests.Model;
using Tsdb.Storage.Tombstones;

namespace Tsdb.Storage.Tests.Db;

/// <summary>Db.Delete over head, blocks and both; restarts, compaction and CleanTombstones afterwards.</summary>
public class DbDeleteTests
{
    private static readonly Matcher[] Any = [Matcher.Regex("__name__", ".+")];

    private static DbOptions Manual() => new() { BlockRange = 10_000, BackgroundCompaction = false, RetentionTime = TimeSpan.FromDays(3650) };

    private static Labels Series(int i) => Labels.FromStrings("__name__", "m", "i", i.ToString(CultureInfo.InvariantCulture));

    /// <summary>Series i=0..2, one sample per second in [from, to).</summary>
    private static void Fill(Storage.Db db, long from, long to)
    {
        var app = db.Appender();
        for (var t = from; t < to; t += 1000)
        {
            for (var i = 0; i < 3; i++)
            {
                app.Append(0, Series(i), t, t / 1000.0);
            }
        }

        Assert.Equal(0, app.Commit().Rejected);
    }

    private static List<long> Times(Storage.Db db, int series, long mint = long.MinValue, long maxt = long.MaxValue)
    {
        using var q = db.Querier(mint, maxt);
        var found = StoreAssert.Read(q, [Matcher.Equal("i", series.ToString(CultureInfo.InvariantCulture))]);
        return found.Count == 0 ? [] : [.. found.Single().Samples.Select(s => s.T)];
    }

    private static List<long> Range(long from, long to, params (long From, long To)[] without) =>
        [.. Enumerable.Range(0, (int)((to - from) / 1000)).Select(k => from + (k * 1000)).Where(t => !without.Any(w => t >= w.From && t <= w.To))];

    [Fact]
    public void DeleteInHead_HidesSamples_OtherSeriesUntouched()
    {
        using var tmp = new TempDir();
        using var db = Storage.Db.Open(tmp.Path, Manual());
        Fill(db, 0, 10_000);
        db.Delete(2000, 4500, Matcher.Equal("i", "1"));
        Assert.Equal(Range(0, 10_000, (2000, 4500)), Times(db, 1));
        Assert.Equal(Range(0, 10_000), Times(db, 0));
        Assert.Equal(Range(0, 10_000), Times(db, 2));
        Assert.Empty(db.Blocks);
    }

    [Fact]
    public void DeleteEverything_SeriesDisappearsFromSelect()
    {
        using var tmp = new TempDir();
        using var db = Storage.Db.Open(tmp.Path, Manual());
        Fill(db, 0, 10_000);
        db.Delete(long.MinValue, long.MaxValue, Matcher.Equal("i", "2"));
        using var q = db.Querier(long.MinValue, long.MaxValue);
        var labels = q.Select(Any).Select(s => s.Labels.Get("i")).ToList();
        Assert.Equal(["0", "1"], labels);
    }

    [Fact]
    public void SeriesWhoseSamplesInRangeAreDeleted_IsAbsentFromThatRangeOnly()
    {
        using var tmp = new TempDir();
        using var db = Storage.Db.Open(tmp.Path, Manual());
        Fill(db, 0, 10_000);
        db.Delete(3000, 6000, Matcher.Equal("i", "0"));
        using (var q = db.Querier(3000, 6000))
        {
            Assert.DoesNotContain(q.Select(Any), s => s.Labels.Get("i") == "0");
        }

        Assert.Equal([2000, 7000], Times(db, 0, 2000, 7000));
    }

    [Fact]
    public void SamplesAppendedAfterDelete_AreVisible()
    {
        using var tmp = new TempDir();
        using var db = Storage.Db.Open(tmp.Path, Manual());
        Fill(db, 0, 5000);
        db.Delete(0, long.MaxValue, Matcher.Equal("i", "0"));
        Assert.Empty(Times(db, 0));
        Fill(db, 5000, 7000);
        Assert.Equal([5000, 6000], Times(db, 0));
    }

    [Fact]
    public void DeleteInBlocks_WritesTombstonesFileAndMeta_AndHidesSamples()
    {
        using var tmp = new TempDir();
        using var db = Storage.Db.Open(tmp.Path, Manual());
        Fill(db, 0, 40_000);
        db.Compact();
        Assert.NotEmpty(db.Blocks);
        var block = db.Blocks[0];
        Assert.Equal(0, block.MinTime);
        db.Delete(1000, 3000, Matcher.Equal("i", "1"));
        var dir = Path.Combine(tmp.Path, block.Ulid.ToString());
        Assert.True(File.Exists(Path.Combine(dir, TombstoneFile.FileName)));
        Assert.Equal(1UL, db.Blocks[0].Stats.NumTombstones);
        Assert.Contains("\"numTombstones\": 1", File.ReadAllText(Path.Combine(dir, "meta.json")), StringComparison.Ordinal);
        var stones = TombstoneFile.Read(dir);
        Assert.Equal(1, stones.SeriesCount);
        Assert.Equal(Range(0, 40_000, (1000, 3000)), Times(db, 1));
        Assert.Equal(Range(0, 40_000), Times(db, 0));
    }

    [Fact]
    public void DeleteAcrossBlocksAndHead()
    {
        using var tmp = new TempDir();
        using var db = Storage.Db.Open(tmp.Path, Manual());
        Fill(db, 0, 40_000);
        db.Compact();
        var headMin = db.Head.MinTime;
        Assert.True(headMin > 5000 && headMin < 38_000, $"head starts at {headMin}");
        db.Delete(5000, 38_000, Matcher.Equal("i", "0"));
        Assert.Equal(Range(0, 40_000, (5000, 38_000)), Times(db, 0));
        Assert.Equal(Range(0, 40_000), Times(db, 1));
    }

    [Fact]
    public void Restart_KeepsHeadAndBlockDeletions()
    {
        using var tmp = new TempDir();
        using (var db = Storage.Db.Open(tmp.Path, Manual()))
        {
            Fill(db, 0, 40_000);
            db.Compact();
            db.Delete(5000, 38_000, Matcher.Equal("i", "0"));
            db.Delete(39_000, 39_000, Matcher.Equal("i", "2"));
        }

        using var reopened = Storage.Db.Open(tmp.Path, Manual());
        Assert.Empty(reopened.StartupWarnings);
        Assert.Equal(Range(0, 40_000, (5000, 38_000)), Times(reopened, 0));
        Assert.Equal(Range(0, 40_000, (39_000, 39_000)), Times(reopened, 2));
        Assert.Equal(Range(0, 40_000), Times(reopened, 1));
    }

    [Fact]
    public void HeadDeletion_SurvivesPersistenceCheckpointAndRestart()
    {
        using var tmp = new TempDir();
        using (var db = Storage.Db.Open(tmp.Path, Manual()))
        {
            Fill(db, 0, 10_000);
            db.Delete(2000, 8000, Matcher.Equal("i", "1"));
            // Moves the deleted range into a block (without the samples) and checkpoints the WAL.
            Fill(db, 10_000, 40_000);
            db.Compact();
            Assert.NotEmpty(db.Blocks);
            Assert.All(db.Blocks, b => Assert.Equal(0UL, b.Stats.NumTombstones));
            Assert.Equal(Range(0, 40_000, (2000, 8000)), Times(db, 1));
        }

        using var reopened = Storage.Db.Open(tmp.Path, Manual());
        Assert.Equal(Range(0, 40_000, (2000, 8000)), Times(reopened, 1));
    }

    [Fact]
    public void CompactionAfterDelete_DropsDeletedSamples()
    {
        using var tmp = new TempDir();
        using var db = Storage.Db.Open(tmp.Path, Manual());
        Fill(db, 0, 40_000);
        db.Compact();
        var before = db.Blocks.Count;
        Assert.True(before >= 2);
        db.Delete(0, 25_000, Matcher.Equal("i", "2"));
        // More data makes the planner merge the first blocks; their tombstones are applied then.
        Fill(db, 40_000, 100_000);
        db.Compact();
        Assert.Contains(db.Blocks, b => b.Compaction.Level > 1);
        Assert.All(db.Blocks.Where(b => b.Compaction.Level > 1), b => Assert.Equal(0UL, b.Stats.NumTombstones));
        Assert.Equal(Range(0, 100_000, (0, 25_000)), Times(db, 2));
        Assert.Equal(Range(0, 100_000), Times(db, 0));
    }

    [Fact]
    public void CleanTombstones_RewritesBlocks_SameData_NoTombstonesLeft()
    {
        using var tmp = new TempDir();
        using (var db = Storage.Db.Open(tmp.Path, Manual()))
        {
            Fill(db, 0, 40_000);
            db.Compact();
            db.Delete(1000, 12_000, Matcher.Equal("i", "0"));
            var old = db.Blocks.Where(b => b.MinTime <= 12_000).Select(b => b.Ulid).ToHashSet();
            var samplesBefore = db.Blocks.Sum(b => (long)b.Stats.NumSamples);
            using var pinned = db.Querier(long.MinValue, long.MaxValue);
            Assert.Equal(old.Count, db.CleanTombstones());
            Assert.DoesNotContain(db.Blocks, b => old.Contains(b.Ulid));
            Assert.All(db.Blocks, b => Assert.Equal(0UL, b.Stats.NumTombstones));
            Assert.Equal(samplesBefore - 12, db.Blocks.Sum(b => (long)b.Stats.NumSamples));
            Assert.Equal(Range(0, 40_000, (1000, 12_000)), Times(db, 0));

            // A querier opened before still reads the old blocks (and sees their tombstones).
            var oldView = StoreAssert.Read(pinned, [Matcher.Equal("i", "0")]).Single().Samples.Select(s => s.T);
            Assert.Equal(Range(0, 40_000, (1000, 12_000)), oldView);
            Assert.Equal(0, db.CleanTombstones());
        }

        using var reopened = Storage.Db.Open(tmp.Path, Manual());
        Assert.Empty(reopened.StartupWarnings);
        Assert.Equal(Range(0, 40_000, (1000, 12_000)), Times(reopened, 0));
        Assert.Equal(Range(0, 40_000), Times(reopened, 1));
    }

    [Fact]
    public void CleanTombstones_BlockWithEverythingDeleted_IsRemoved()
    {
        using var tmp = new TempDir();
        using var db = Storage.Db.Open(tmp.Path, Manual());
        Fill(db, 0, 40_000);
        db.Compact();
        var first = db.Blocks[0];
        db.Delete(first.MinTime, first.MaxTime - 1, Matcher.Regex("i", ".+"));
        db.CleanTombstones();
        Assert.DoesNotContain(db.Blocks, b => b.MinTime == first.MinTime);
        Assert.False(Directory.Exists(Path.Combine(tmp.Path, first.Ulid.ToString())));
    }
}
