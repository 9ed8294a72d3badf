using Tsdb.Storage;

namespace Tsdb.Scrape.Tests.Support;

/// <summary>Reads back what the scrape engine stored.</summary>
internal static class DbAssert
{
    public static List<(Labels Labels, List<Sample> Samples)> Series(Db db, params Matcher[] matchers)
    {
        using var q = db.Querier(long.MinValue / 2, long.MaxValue / 2);
        var result = new List<(Labels, List<Sample>)>();
        foreach (var s in q.Select(matchers))
        {
            var samples = new List<Sample>();
            var it = s.Iterator();
            while (it.Next() != SampleKind.None)
            {
                samples.Add(it.At());
            }

            result.Add((s.Labels, samples));
        }

        return result;
    }

    public static List<Sample> Samples(Db db, string metric, params Matcher[] more)
    {
        var ms = new List<Matcher> { Matcher.Equal("__name__", metric) };
        ms.AddRange(more);
        var s = Series(db, [.. ms]);
        return s.Count == 0 ? [] : s.Single().Samples;
    }

    public static async Task WaitUntil(Func<bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met: " + what);
            }

            await Task.Delay(50);
        }
    }
}
