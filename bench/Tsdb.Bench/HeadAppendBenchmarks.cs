using System.Globalization;
using BenchmarkDotNet.Attributes;
using Tsdb.Storage;

namespace Tsdb.Bench;

/// <summary>
/// Head append throughput in steady state: every series gets one sample per round, as a scrape or a
/// remote-write stream does, with series refs cached by the caller and commits of 1,000 samples.
/// The mean is per round: divide by the series count for ns/sample.
/// </summary>
[MemoryDiagnoser]
public class HeadAppendBenchmarks
{
    private const int Batch = 1000;

    private Head _head = null!;
    private HeadAppender _appender = null!;
    private Labels[] _labels = [];
    private ulong[] _refs = [];
    private long _t;

    [Params(10_000, 1_000_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _head = new Head();
        _appender = _head.Appender();
        _labels = new Labels[Series];
        _refs = new ulong[Series];
        for (var i = 0; i < Series; i++)
        {
            _labels[i] = Labels.FromStrings(
                "__name__", "metric_" + (i % 50).ToString(CultureInfo.InvariantCulture),
                "instance", "host-" + (i / 50 % 1000).ToString(CultureInfo.InvariantCulture) + ":9100",
                "job", "node",
                "cpu", (i / 50_000).ToString(CultureInfo.InvariantCulture));
        }

        // Create every series once so the benchmark measures appends, not creation.
        AppendRound();
    }

    [GlobalCleanup]
    public void Cleanup() => _head.Dispose();

    /// <summary>One sample for each of <see cref="Series"/> series; divide the mean by Series for ns/sample.</summary>
    [Benchmark]
    public void AppendOneSamplePerSeries() => AppendRound();

    private void AppendRound()
    {
        _t += 15_000;
        for (var i = 0; i < _labels.Length; i++)
        {
            _refs[i] = _appender.Append(_refs[i], _labels[i], _t, i + _t * 0.001);
            if (i % Batch == Batch - 1)
            {
                _appender.Commit();
            }
        }

        _appender.Commit();
    }
}
