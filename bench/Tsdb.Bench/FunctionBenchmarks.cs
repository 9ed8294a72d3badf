using BenchmarkDotNet.Attributes;
using Tsdb.PromQL.Funcs;
using Tsdb.Storage;

namespace Tsdb.Bench;

/// <summary>
/// PromQL range functions over one 5-minute window of 15 s samples (20 samples), as run once per
/// series per step; all should report zero allocations.
/// Run: dotnet run -c Release --project bench/Tsdb.Bench -- --filter '*FunctionBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class FunctionBenchmarks
{
    private Sample[] _window = [];
    private Bucket[] _buckets = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _window = new Sample[20];
        double v = 0;
        for (var i = 0; i < _window.Length; i++)
        {
            v += rng.Next(0, 100);
            _window[i] = new Sample(1_700_000_000_000 + i * 15_000L, v);
        }

        _buckets = new Bucket[12];
        double c = 0;
        for (var i = 0; i < 11; i++)
        {
            c += rng.Next(0, 50);
            _buckets[i] = new Bucket(Math.Pow(2, i) / 100, c);
        }

        _buckets[11] = new Bucket(double.PositiveInfinity, c);
    }

    private long End => _window[^1].T;

    [Benchmark]
    public double? Rate() => RangeFunctions.ExtrapolatedRate(_window, End - 300_000, End, true, true);

    [Benchmark]
    public double? Irate() => RangeFunctions.InstantValue(_window, true);

    [Benchmark]
    public double? Deriv() => RangeFunctions.Deriv(_window);

    [Benchmark]
    public double AvgOverTime() => RangeFunctions.AvgOverTime(_window);

    [Benchmark]
    public double StddevOverTime() => RangeFunctions.StddevOverTime(_window);

    [Benchmark]
    public double QuantileOverTime() => RangeFunctions.QuantileOverTime(0.9, _window);

    [Benchmark]
    public double MadOverTime() => RangeFunctions.MadOverTime(_window);

    [Benchmark]
    public double HistogramQuantile() => HistogramMath.BucketQuantile(0.99, _buckets, out _);
}
