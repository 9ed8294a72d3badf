using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tsdb.Storage.Tests.Model;

namespace Tsdb.Storage.Tests.Db;

/// <summary>
/// Random appends with deletions, head persistence, compaction, CleanTombstones and restarts
/// interleaved; every querier must equal the naive model with the deleted samples removed.
/// </summary>
public class DbDeleteProperties
{
    private static DbOptions Options() => new()
    {
        BlockRange = 10_000,
        BackgroundCompaction = false,
        RetentionTime = TimeSpan.FromDays(3650),
    };

    [Property(MaxTest = 20)]
    public Property Querier_AfterRandomDeletes_EqualsModel(int seed, byte size)
    {
        using var tmp = new TempDir();
        var rnd = new Random(seed);
        var model = new NaiveStore();
        // The model keeps deleted samples for its append rules (the head still rejects samples older
        // than a deleted one) and hides them when compared.
        var deleted = new HashSet<(Labels, long)>();
        var db = Storage.Db.Open(tmp.Path, Options());
        var events = new List<string>();
        try
        {
            var app = db.Appender();
            foreach (var (labels, t, v) in Workload.Appends(rnd, (size * 4) + 10, 0, 1000))
            {
                model.Append(labels, t, v, db.Head.MinValidTime);
                app.Append(0, labels, t, v);
                switch (rnd.Next(40))
                {
                    case < 4:
                        app.Commit();
                        break;
                    case < 8:
                        app.Commit();
                        var matchers = Workload.Matchers(rnd);
                        long a = rnd.Next(-5, 1100) * 1000L, b = a + (rnd.Next(0, 300) * 1000L) + rnd.Next(-1, 2);
                        db.Delete(a, b, matchers);
                        ModelDelete(model, deleted, a, b, matchers);
                        events.Add($"delete[{a},{b}]{string.Join(",", matchers.Select(m => m.ToString()))}@{t}");
                        break;
                    case < 10:
                        app.Commit();
                        db.Compact();
                        events.Add($"compact@{t}");
                        break;
                    case 10:
                        app.Commit();
                        db.CleanTombstones();
                        events.Add($"clean@{t}");
                        break;
                    case 11:
                        app.Commit();
                        db.Dispose();
                        db = Storage.Db.Open(tmp.Path, Options());
                        app = db.Appender();
                        events.Add($"reopen@{t}");
                        break;
                }
            }

            app.Commit();
            var diff = Compare(db, model, deleted, rnd);
            if (diff is null)
            {
                db.Compact();
                db.CleanTombstones();
                db.Dispose();
                db = Storage.Db.Open(tmp.Path, Options());
                events.Add("final compact+clean+reopen");
                diff = Compare(db, model, deleted, rnd);
            }

            return (diff is null).Label($"seed {seed} size {size} events {string.Join(" ", events)}: {diff}");
        }
        finally
        {
            db.Dispose();
        }
    }

    private static void ModelDelete(NaiveStore model, HashSet<(Labels, long)> deleted, long mint, long maxt, Matcher[] matchers)
    {
        foreach (var (labels, samples) in model.Series)
        {
            if (!matchers.All(m => m.Matches(labels.Get(m.Name))))
            {
                continue;
            }

            foreach (var s in samples)
            {
                if (s.T >= mint && s.T <= maxt)
                {
                    deleted.Add((labels, s.T));
                }
            }
        }
    }

    private static List<(Labels Labels, List<Sample> Samples)> Expected(NaiveStore model, HashSet<(Labels, long)> deleted, long mint, long maxt, IReadOnlyList<Matcher> matchers)
    {
        var result = new List<(Labels, List<Sample>)>();
        foreach (var (labels, samples) in model.Select(mint, maxt, matchers))
        {
            var kept = samples.FindAll(s => !deleted.Contains((labels, s.T)));
            if (kept.Count > 0)
            {
                result.Add((labels, kept));
            }
        }

        return result;
    }

    private static string? Compare(Storage.Db db, NaiveStore model, HashSet<(Labels, long)> deleted, Random rnd)
    {
        Matcher[] any = [Matcher.Regex("__name__", ".+")];
        var queries = new List<(long, long, Matcher[])> { (long.MinValue, long.MaxValue, any) };
        for (var i = 0; i < 4; i++)
        {
            long a = rnd.Next(-5, 1100) * 1000L, b = rnd.Next(-5, 1100) * 1000L;
            queries.Add((Math.Min(a, b), Math.Max(a, b), Workload.Matchers(rnd)));
        }

        foreach (var (mint, maxt, matchers) in queries)
        {
            using var q = db.Querier(mint, maxt);
            var expected = Expected(model, deleted, mint, maxt, matchers);
            if (StoreAssert.Diff(expected, StoreAssert.Read(q, matchers)) is { } d)
            {
                return $"[{mint},{maxt}] {string.Join(",", matchers.Select(m => m.ToString()))}: {d}";
            }
        }

        return null;
    }
}
