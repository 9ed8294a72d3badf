using Tsdb.Storage.Tests.Model;

namespace Tsdb.Storage.Tests.Db;

/// <summary>
/// The whole engine under SIGKILL: the CrashWriter child appends 50-series batches while background
/// compaction persists blocks, checkpoints and truncates the WAL. After the kill, reopening must
/// return every acknowledged batch bit-exactly, and every batch present must be complete.
/// </summary>
public class DbCrashTests
{
    private const int SeriesPerBatch = 50;

    [Fact]
    public void KilledDb_KeepsEveryAcknowledgedBatch_AndNoPartialOne()
    {
        var dll = CrashChild.Dll();
        var random = new Random();
        for (var run = 0; run < 3; run++)
        {
            using var dir = new TempDir();
            var acked = CrashChild.RunAndKill(dll, ["db", dir.Path], TimeSpan.FromMilliseconds(random.Next(1500, 3500)));
            Assert.NotEmpty(acked);
            // Reopen twice: the second open replays what the first one's repair and checkpoint left.
            Verify(dir.Path, acked);
            Verify(dir.Path, acked);
        }
    }

    private static void Verify(string dir, HashSet<long> acked)
    {
        using var db = Storage.Db.Open(dir, new DbOptions { BlockRange = 2000, BackgroundCompaction = false, RetentionTime = TimeSpan.FromDays(3650) });
        using var q = db.Querier(long.MinValue, long.MaxValue);
        var batches = new Dictionary<long, int>();
        var series = q.Select(Matcher.Equal("__name__", "crash"));
        Assert.Equal(SeriesPerBatch, series.Count);
        foreach (var s in series)
        {
            var i = int.Parse(s.Labels.Get("s"), System.Globalization.CultureInfo.InvariantCulture);
            var it = s.Iterator();
            while (it.Next() == SampleKind.Float)
            {
                var (t, v) = it.At();
                var k = t / 100;
                Assert.True(t % 100 == 0, $"unexpected timestamp {t}");
                Assert.Equal(k * 1000 + i, v);
                batches[k] = batches.GetValueOrDefault(k) + 1;
            }

            Assert.Null(it.Error);
        }

        foreach (var k in acked)
        {
            Assert.True(batches.TryGetValue(k, out var n), $"acknowledged batch {k} lost (blocks: {db.Blocks.Count}, warnings: {string.Join("; ", db.StartupWarnings)})");
            Assert.Equal(SeriesPerBatch, n);
        }

        foreach (var (k, n) in batches)
        {
            Assert.True(n == SeriesPerBatch, $"batch {k} is partial: {n} of {SeriesPerBatch} series");
        }

        Assert.True(db.Blocks.Count > 0 || acked.Count < 40, "the run should have persisted blocks");
    }
}
