using Tsdb.Storage.Blocks;

namespace Tsdb.Storage.Tests.Import;

public sealed class BlockBackfillTests : IDisposable
{
    private const long H = 3600_000;
    private const long T0 = 1_700_006_400_000; // aligned to 2 h
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tsdb-backfill-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static readonly Labels A = Labels.FromStrings("__name__", "m", "job", "a");
    private static readonly Labels B = Labels.FromStrings("__name__", "m", "job", "b");

    private static List<(long T, double V)> Read(Storage.Db db, Labels series, long mint = long.MinValue, long maxt = long.MaxValue)
    {
        using var q = db.Querier(mint, maxt);
        var s = q.Select([.. series.Select(l => Matcher.Equal(l.Name, l.Value))]).SingleOrDefault();
        var result = new List<(long, double)>();
        if (s is null)
        {
            return result;
        }

        var it = s.Iterator();
        while (it.Next() == SampleKind.Float)
        {
            result.Add((it.At().T, it.At().V));
        }

        Assert.Null(it.Error);
        return result;
    }

    private static Storage.Db OpenDb(string dir) => Storage.Db.Open(dir, new DbOptions { BackgroundCompaction = false, RetentionTime = TimeSpan.FromDays(3650) });

    [Fact]
    public void Write_SamplesInAnyOrder_BecomeOneBlockPerWindow()
    {
        var backfill = new BlockBackfill();
        var expectedA = new List<(long, double)>();
        var rnd = new Random(42);
        var times = Enumerable.Range(0, 1000).Select(i => T0 + (i * 20_000L)).OrderBy(_ => rnd.Next()).ToList();
        foreach (var t in times)
        {
            backfill.Add(A, t, t / 1000.0);
            expectedA.Add((t, t / 1000.0));
        }

        backfill.Add(B, T0 + (5 * H) + 1, 7);
        backfill.Add(B, T0 + (5 * H) + 1, 7); // exact repeat: dropped
        backfill.Add(B, T0 - 1, 6);
        var metas = backfill.Write(_dir);

        Assert.Equal(0, backfill.Conflicts);
        Assert.Equal(1, backfill.DuplicatesDropped);

        // 1000 samples x 20 s = 5.55 h from T0: windows T0, +2h, +4h; plus B's sample in the window before T0.
        Assert.Equal(4, metas.Count);
        Assert.Equal((T0 - 1, T0), (metas[0].MinTime, metas[0].MaxTime));
        Assert.Equal((T0, T0 + (2 * H) - 20_000 + 1), (metas[1].MinTime, metas[1].MaxTime));
        Assert.All(metas, m => Assert.Equal((m.MinTime - (((m.MinTime % (2 * H)) + (2 * H)) % (2 * H))) / (2 * H), (m.MaxTime - 1 - ((((m.MaxTime - 1) % (2 * H)) + (2 * H)) % (2 * H))) / (2 * H)));
        Assert.Equal(1002UL, (ulong)metas.Sum(m => (long)m.Stats.NumSamples));

        using var db = OpenDb(_dir);
        Assert.Equal(4, db.Blocks.Count);
        Assert.Equal(expectedA.OrderBy(s => s.Item1), Read(db, A));
        Assert.Equal([(T0 - 1, 6.0), (T0 + (5 * H) + 1, 7.0)], Read(db, B));
    }

    [Fact]
    public void Write_ConflictingValues_FirstAddedWinsAndIsCounted()
    {
        var backfill = new BlockBackfill();
        backfill.Add(A, T0 + 1000, 1);
        backfill.Add(A, T0, 0);
        backfill.Add(A, T0 + 1000, 2);
        backfill.Seal();

        Assert.Equal(1, backfill.Conflicts);
        var error = Assert.Single(backfill.ConflictDetails);
        Assert.Equal(AppendError.DuplicateTimestamp, error.Error);
        Assert.Equal(T0 + 1000, error.T);
        backfill.Write(_dir);
        using var db = OpenDb(_dir);
        Assert.Equal([(T0, 0.0), (T0 + 1000, 1.0)], Read(db, A));
        Assert.Throws<InvalidOperationException>(() => backfill.Add(A, T0, 0));
    }

    [Fact]
    public void ImportBlocks_OlderThanTheHead_AreQueryableAtOnceAndMergeWithOverlappingBlocks()
    {
        using var db = OpenDb(_dir);
        var app = db.Appender();
        for (var t = T0; t <= T0 + (4 * H); t += 60_000)
        {
            app.Append(0, A, t, 1);
        }

        app.Commit();
        db.Compact();
        Assert.Equal(T0 + (2 * H), db.Head.MinValidTime);

        // Older than anything stored, and interleaved with the persisted block's samples.
        var backfill = new BlockBackfill();
        backfill.Add(A, T0 - H, 5);
        backfill.Add(A, T0 + 30_000, 6);
        backfill.Add(B, T0 + 90_000, 7);
        var metas = db.ImportBlocks(backfill);

        Assert.Equal(2, metas.Count);
        var a = Read(db, A, T0 - H, T0 + 120_000);
        Assert.Equal([(T0 - H, 5.0), (T0, 1.0), (T0 + 30_000, 6.0), (T0 + 60_000, 1.0), (T0 + 120_000, 1.0)], a);
        Assert.Equal([(T0 + 90_000, 7.0)], Read(db, B));
        Assert.Equal(0, db.ReloadBlocks());

        // A second Db over the same directory sees the same.
        db.Dispose();
        using var reopened = OpenDb(_dir);
        Assert.Equal(a, Read(reopened, A, T0 - H, T0 + 120_000));
        Assert.Equal(T0 + (2 * H), reopened.Head.MinValidTime);
        Assert.Equal(Enumerable.Range(0, 241).Select(i => T0 + (i * 60_000L)), Read(reopened, A, T0, long.MaxValue).Where(s => s.Item2 == 1).Select(s => s.Item1));
    }

    [Fact]
    public void ImportBlocks_RefusesSamplesTheHeadMayHold()
    {
        using var db = OpenDb(_dir);
        var backfill = new BlockBackfill();
        backfill.Add(A, T0, 1);

        Assert.Throws<ArgumentException>(() => db.ImportBlocks(backfill));
        Assert.Empty(db.Blocks);
    }

    [Fact]
    public void ReloadBlocks_LoadsBlocksWrittenByAnotherWriterOnce()
    {
        using var db = OpenDb(_dir);
        var backfill = new BlockBackfill();
        backfill.Add(A, T0, 1);
        backfill.Add(A, T0 + (3 * H), 2);
        backfill.Write(_dir);
        Directory.CreateDirectory(Path.Combine(_dir, "not-a-block"));

        Assert.Empty(Read(db, A));
        Assert.Equal(2, db.ReloadBlocks());
        Assert.Equal([(T0, 1.0), (T0 + (3 * H), 2.0)], Read(db, A));
        Assert.Equal(0, db.ReloadBlocks());
        Assert.Equal(2, db.Blocks.Count);
    }
}
