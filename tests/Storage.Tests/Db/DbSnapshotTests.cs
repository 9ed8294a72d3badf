using System.Globalization;
using System.Text.RegularExpressions;
using Tsdb.Storage.Tests.Model;

namespace Tsdb.Storage.Tests.Db;

public partial class DbSnapshotTests
{
    private static readonly Matcher[] Any = [Matcher.Regex("__name__", ".+")];

    private static DbOptions Manual() => new() { BlockRange = 10_000, BackgroundCompaction = false, RetentionTime = TimeSpan.FromDays(3650) };

    private static void Fill(Storage.Db db, long from, long to)
    {
        var app = db.Appender();
        for (var t = from; t < to; t += 1000)
        {
            for (var i = 0; i < 3; i++)
            {
                app.Append(0, Labels.FromStrings("__name__", "m", "i", i.ToString(CultureInfo.InvariantCulture)), t, t / 1000.0);
            }
        }

        Assert.Equal(0, app.Commit().Rejected);
    }

    private static List<(Labels Labels, List<Sample> Samples)> All(Storage.Db db)
    {
        using var q = db.Querier(long.MinValue, long.MaxValue);
        return StoreAssert.Read(q, Any);
    }

    [GeneratedRegex("^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{16}$")]
    private static partial Regex SnapshotName();

    [Fact]
    public void SnapshotWithHead_OpensAsDbWithSameData_HeadKeepsItsData()
    {
        using var tmp = new TempDir();
        using var db = Storage.Db.Open(tmp.Path, Manual());
        Fill(db, 0, 40_000);
        db.Compact();
        db.Delete(2000, 3000, Matcher.Equal("i", "1"));
        db.Delete(38_000, 38_000, Matcher.Equal("i", "2"));
        var headSamples = db.Head.SamplesAppended;
        var name = db.Snapshot(withHead: true);
        Assert.Matches(SnapshotName(), name);
        var dir = Path.Combine(tmp.Path, Storage.Db.SnapshotsDirName, name);
        Assert.Equal(db.Blocks.Count + 1, Directory.GetDirectories(dir).Length);
        Assert.True(db.Head.MinTime < db.Head.MaxTime);
        Assert.Equal(headSamples, db.Head.SamplesAppended);

        using var snap = Storage.Db.Open(dir, Manual());
        Assert.Empty(snap.StartupWarnings);
        Assert.Null(StoreAssert.Diff(All(db), All(snap)));

        // The snapshot's block files are independent of later changes to the live block.
        db.CleanTombstones();
        Assert.Null(StoreAssert.Diff(All(db), All(snap)));
    }

    [Fact]
    public void SnapshotSkipHead_HasOnlyTheBlocks()
    {
        using var tmp = new TempDir();
        using var db = Storage.Db.Open(tmp.Path, Manual());
        Fill(db, 0, 40_000);
        db.Compact();
        var dir = Path.Combine(tmp.Path, "snap");
        db.Snapshot(dir, withHead: false);
        Assert.Equal(db.Blocks.Select(b => b.Ulid.ToString()).Order(StringComparer.Ordinal), Directory.GetDirectories(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var snap = Storage.Db.Open(dir, Manual());
        var maxBlock = db.Blocks.Max(b => b.MaxTime);
        Assert.All(All(snap), s => Assert.All(s.Samples, x => Assert.True(x.T < maxBlock)));
        Assert.Equal(maxBlock / 1000 * 3, All(snap).Sum(s => s.Samples.Count));
    }

    [Fact]
    public void SnapshotOfEmptyDb_IsAnEmptyDirectory()
    {
        using var tmp = new TempDir();
        using var db = Storage.Db.Open(tmp.Path, Manual());
        var name = db.Snapshot(withHead: true);
        var dir = Path.Combine(tmp.Path, Storage.Db.SnapshotsDirName, name);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void SnapshotsDirectory_IsIgnoredWhenTheDbReopens()
    {
        using var tmp = new TempDir();
        using (var db = Storage.Db.Open(tmp.Path, Manual()))
        {
            Fill(db, 0, 40_000);
            db.Compact();
            db.Snapshot(withHead: true);
        }

        using var reopened = Storage.Db.Open(tmp.Path, Manual());
        Assert.Empty(reopened.StartupWarnings);
        Assert.Equal(40 * 3, All(reopened).Sum(s => s.Samples.Count));
    }
}
