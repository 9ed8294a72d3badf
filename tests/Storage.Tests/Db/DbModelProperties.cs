using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tsdb.Storage.Tests.Model;

namespace Tsdb.Storage.Tests.Db;

/// <summary>
/// The whole engine against the naive model: random appends with commits, head persistence into
/// blocks, block compaction and restarts (WAL + checkpoint replay) interleaved at random points.
/// </summary>
public class DbModelProperties
{
    private static DbOptions Options() => new()
    {
        BlockRange = 10_000,
        BackgroundCompaction = false,
        RetentionTime = TimeSpan.FromDays(3650),
    };

    [Property(MaxTest = 40)]
    public Property Db_EqualsModel_AcrossHeadBlocksCompactionAndRestart(int seed, byte size)
    {
        using var tmp = new TempDir();
        var rnd = new Random(seed);
        var model = new NaiveStore();
        var db = Storage.Db.Open(tmp.Path, Options());
        var events = new List<string>();
        try
        {
            var app = db.Appender();
            foreach (var (labels, t, v) in Workload.Appends(rnd, size * 4 + 10, 0, 1000))
            {
                model.Append(labels, t, v, db.Head.MinValidTime);
                app.Append(0, labels, t, v);
                switch (rnd.Next(40))
                {
                    case < 6:
                        app.Commit();
                        break;
                    case < 9:
                        app.Commit();
                        db.Compact();
                        events.Add($"compact@{t}");
                        break;
                    case 9:
                        app.Commit();
                        db.Dispose();
                        db = Storage.Db.Open(tmp.Path, Options());
                        app = db.Appender();
                        events.Add($"reopen@{t}");
                        break;
                }
            }

            app.Commit();
            var diff = Compare(db, model, rnd);
            if (diff is null)
            {
                db.Compact();
                db.Dispose();
                db = Storage.Db.Open(tmp.Path, Options());
                events.Add("final compact+reopen");
                diff = Compare(db, model, rnd);
            }

            return (diff is null).Label($"seed {seed} size {size} blocks {db.Blocks.Count} events {string.Join(" ", events)}: {diff}");
        }
        finally
        {
            db.Dispose();
        }
    }

    private static string? Compare(Storage.Db db, NaiveStore model, Random rnd)
    {
        Matcher[] any = [Matcher.Regex("__name__", ".+")];
        using (var all = db.Querier(long.MinValue, long.MaxValue))
        {
            if (StoreAssert.Diff(model.Select(long.MinValue, long.MaxValue, any), StoreAssert.Read(all, any)) is { } d)
            {
                return "all: " + d;
            }
        }

        if (SeekDiff(db, model, rnd) is { } seek)
        {
            return seek;
        }

        for (var i = 0; i < 4; i++)
        {
            var matchers = Workload.Matchers(rnd);
            long a = rnd.Next(-5, 1100) * 1000L, b = rnd.Next(-5, 1100) * 1000L;
            using var q = db.Querier(Math.Min(a, b), Math.Max(a, b));
            if (StoreAssert.Diff(model.Select(q.MinTime, q.MaxTime, matchers), StoreAssert.Read(q, matchers)) is { } d)
            {
                return $"[{q.MinTime},{q.MaxTime}] {string.Join(",", matchers.Select(m => m.ToString()))}: {d}";
            }
        }

        return null;
    }

    /// <summary>Seek on merged head+block iterators lands where the model says, also after Next calls.</summary>
    private static string? SeekDiff(Storage.Db db, NaiveStore model, Random rnd)
    {
        foreach (var (labels, samples) in model.Series)
        {
            if (samples.Count == 0)
            {
                continue;
            }

            using var q = db.Querier(long.MinValue, long.MaxValue);
            var series = q.Select([.. labels.Select(l => Matcher.Equal(l.Name, l.Value))]).Single(s => s.Labels.Equals(labels));
            var it = series.Iterator();
            var floor = long.MinValue;
            for (var step = 0; step < 5; step++)
            {
                if (rnd.Next(3) == 0 && it.Next() == SampleKind.Float)
                {
                    floor = it.AtT();
                }

                var target = samples[rnd.Next(samples.Count)].T + rnd.Next(-1500, 1500);
                var expected = samples.FirstOrDefault(x => x.T >= Math.Max(target, floor), new Sample(long.MinValue, 0));
                var kind = it.Seek(target);
                if (expected.T == long.MinValue ? kind != SampleKind.None : kind != SampleKind.Float || it.AtT() != expected.T)
                {
                    return $"{labels} Seek({target}) after {floor}: expected {expected.T}, got {(kind == SampleKind.Float ? it.AtT() : "none")}";
                }

                if (kind == SampleKind.None)
                {
                    break;
                }

                floor = it.AtT();
            }
        }

        return null;
    }
}
