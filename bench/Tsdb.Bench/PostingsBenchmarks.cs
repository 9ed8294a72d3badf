using BenchmarkDotNet.Attributes;
using Tsdb.Storage;
using Tsdb.Storage.Index;
using Tsdb.Storage.Tests.Index;

namespace Tsdb.Bench;

/// <summary>Postings combinators and matcher resolution (MemIndex is the test double, linked in).</summary>
[MemoryDiagnoser]
public class PostingsBenchmarks
{
    private ulong[] _a = [];
    private ulong[] _b = [];
    private ulong[] _small = [];
    private ulong[][] _lists = [];
    private MemIndex _ix = null!;
    private Matcher[] _matchers = [];

    [GlobalSetup]
    public void Setup()
    {
        // Two 100k lists, one third of them shared (multiples of 2 and of 3).
        _a = [.. Enumerable.Range(0, 100_000).Select(i => (ulong)i * 2)];
        _b = [.. Enumerable.Range(0, 100_000).Select(i => (ulong)i * 3)];
        _small = [.. Enumerable.Range(0, 1_000).Select(i => (ulong)i * 199)];
        // 100 interleaved lists of 1k: their union is 0..99,999.
        _lists = [.. Enumerable.Range(0, 100).Select(k => Enumerable.Range(0, 1_000).Select(i => (ulong)(i * 100 + k)).ToArray())];

        // 100 metrics x 10 jobs x 100 instances = 100k series; "m" is one of the metrics.
        _ix = new MemIndex();
        var jobs = "abcdefghij".Select(c => c.ToString()).ToArray();
        for (var m = 0; m < 100; m++)
        {
            for (var i = 0; i < 100; i++)
            {
                foreach (var job in jobs)
                {
                    _ix.Add(Labels.FromStrings(
                        "__name__", m == 0 ? "m" : "metric_" + m,
                        "job", job,
                        "instance", i == 0 ? "x" : "host-" + i + ":9100"));
                }
            }
        }

        _matchers = [Matcher.Equal("__name__", "m"), Matcher.Regex("job", "a|b|c"), Matcher.NotEqual("instance", "x")];
        Console.WriteLine($"// resolve selects {Count(PostingsForMatchers.Resolve(_ix, _matchers))} of {_ix.Count} series");
    }

    private static int Count(IPostings p)
    {
        var n = 0;
        while (p.Next())
        {
            n++;
        }

        return n;
    }

    [Benchmark]
    public int Intersect_100k_100k() => Count(Postings.Intersect(new ListPostings(_a), new ListPostings(_b)));

    [Benchmark]
    public int Intersect_1k_100k() => Count(Postings.Intersect(new ListPostings(_small), new ListPostings(_b)));

    [Benchmark]
    public int Merge_100x1k()
    {
        var its = new IPostings[_lists.Length];
        for (var i = 0; i < its.Length; i++)
        {
            its[i] = new ListPostings(_lists[i]);
        }

        return Count(Postings.Merge(its));
    }

    [Benchmark]
    public int Without_100k_100k() => Count(Postings.Without(new ListPostings(_a), new ListPostings(_b)));

    [Benchmark]
    public int Resolve_Name_JobSet_NotInstance() => Count(PostingsForMatchers.Resolve(_ix, _matchers));
}
