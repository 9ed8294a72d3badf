using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tsdb.Storage.Tests.Model;

namespace Tsdb.Storage.Tests.Head;

public class HeadModelProperties
{
    [Property(MaxTest = 100)]
    public Property Querier_OverHead_EqualsNaiveModel(int seed, byte size)
    {
        var rnd = new Random(seed);
        using var head = new Storage.Head(new HeadOptions { ChunkRange = 50_000 });
        var model = new NaiveStore();
        var app = head.Appender();
        var ops = Workload.Appends(rnd, size * 3, 0, 1000);
        for (var i = 0; i < ops.Count; i++)
        {
            var (labels, t, v) = ops[i];
            model.Append(labels, t, v);
            app.Append(0, labels, t, v);
            if (rnd.Next(8) == 0)
            {
                app.Commit();
            }
        }

        app.Commit();
        string? diff = null;
        for (var q = 0; q < 5 && diff is null; q++)
        {
            var matchers = Workload.Matchers(rnd);
            long a = rnd.Next(-5, ops.Count + 5) * 1000L, b = rnd.Next(-5, ops.Count + 5) * 1000L;
            using var querier = new Querier([head], Math.Min(a, b), Math.Max(a, b));
            diff = StoreAssert.Diff(model.Select(querier.MinTime, querier.MaxTime, matchers), StoreAssert.Read(querier, matchers));
            diff = diff is null ? null : diff + " for " + string.Join(",", matchers.Select(m => m.ToString()));
        }

        using var all = new Querier([head], long.MinValue, long.MaxValue);
        Matcher[] any = [Matcher.Regex("__name__", ".+")];
        diff ??= StoreAssert.Diff(model.Select(long.MinValue, long.MaxValue, any), StoreAssert.Read(all, any));
        return (diff is null).Label($"seed {seed} size {size}: {diff}");
    }
}
