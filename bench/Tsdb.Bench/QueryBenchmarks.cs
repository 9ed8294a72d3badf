using BenchmarkDotNet.Attributes;
using Tsdb.PromQL;
using Tsdb.Storage;

namespace Tsdb.Bench;

/// <summary>
/// PromQL range queries over a head of 10k series (100 jobs) x 1 h at 15 s scrape interval, evaluated at a 15 s step.
/// <c>sum by (job) (rate(x[5m]))</c> is the headline query; the others isolate selector and aggregation cost.
/// Run: dotnet run -c Release --project bench/Tsdb.Bench -- --filter '*QueryBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class QueryBenchmarks
{
    private const int SeriesCount = 10_000;
    private const long Interval = 15_000;
    private const long Hour = 3_600_000;

    private readonly PromQLEngine _engine = new(EngineOptions.Default);
    private Head _head = null!;

    [Params("sum by (job) (rate(x[5m]))", "sum by (job) (x)", "x")]
    public string Query { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _head = new Head();
        var app = _head.Appender();
        var refs = new ulong[SeriesCount];
        for (long t = 0; t <= Hour; t += Interval)
        {
            for (var i = 0; i < SeriesCount; i++)
            {
                refs[i] = t == 0
                    ? app.Append(0, Labels.FromStrings("__name__", "x", "job", "job" + (i % 100), "instance", "i" + i), t, t / 1000.0 + i)
                    : app.Append(refs[i], Labels.Empty, t, t / 1000.0 + i);
            }

            app.Commit();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _head.Dispose();

    [Benchmark]
    public int RangeQuery()
    {
        var r = _engine.Range((mint, maxt) => new Querier([_head], mint, maxt), Query, 0, Hour, Interval);
        return ((MatrixValue)r.Value).Series.Count;
    }
}
