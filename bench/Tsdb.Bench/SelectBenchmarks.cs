using System.Globalization;
using BenchmarkDotNet.Attributes;
using Tsdb.Storage;

namespace Tsdb.Bench;

/// <summary>
/// Select + iterate over the head: 10k series of one metric with 120 samples each (one chunk), read
/// completely, as a range query over the last 30 minutes at a 15 s scrape interval would.
/// </summary>
[MemoryDiagnoser]
public class SelectBenchmarks
{
    private const int SeriesCount = 10_000;
    private const int SamplesPerSeries = 120;

    private Head _head = null!;
    private ISampleIterator? _reuse;

    [GlobalSetup]
    public void Setup()
    {
        _head = new Head();
        var app = _head.Appender();
        var refs = new ulong[SeriesCount];
        var labels = new Labels[SeriesCount];
        for (var i = 0; i < SeriesCount; i++)
        {
            labels[i] = Labels.FromStrings("__name__", "http_requests_total", "instance", "i" + i.ToString(CultureInfo.InvariantCulture), "job", i % 2 == 0 ? "api" : "web");
        }

        for (var s = 0; s < SamplesPerSeries; s++)
        {
            for (var i = 0; i < SeriesCount; i++)
            {
                refs[i] = app.Append(refs[i], labels[i], s * 15_000L, s * 3 + i);
            }

            app.Commit();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _head.Dispose();

    /// <summary>Returns the sum so the work cannot be elided; per-sample cost = time / 1.2M.</summary>
    [Benchmark(OperationsPerInvoke = SeriesCount * SamplesPerSeries)]
    public double SelectAndIterate_10kSeries()
    {
        using var q = new Querier([_head], 0, long.MaxValue);
        var sum = 0.0;
        foreach (var s in q.Select(Matcher.Equal("__name__", "http_requests_total")))
        {
            _reuse = s.Iterator(_reuse);
            while (_reuse.Next() == SampleKind.Float)
            {
                sum += _reuse.At().V;
            }
        }

        return sum;
    }

    [Benchmark]
    public int SelectOnly_RegexMatcher_5kSeries()
    {
        using var q = new Querier([_head], 0, long.MaxValue);
        return q.Select(Matcher.Equal("__name__", "http_requests_total"), Matcher.Regex("job", "api|db")).Count;
    }
}
