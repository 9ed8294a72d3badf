using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Tsdb.Scrape.Parsing;
using Tsdb.Scrape.Tests.Parsing;

namespace Tsdb.Bench;

/// <summary>
/// Exposition parsing of a 10k-line node_exporter-like body (HELP/TYPE, counters, multi-label
/// gauges, histograms), as text 0.0.4 and as OpenMetrics, with a no-op handler: the parser alone.
/// MB/s = body bytes / mean; samples/s = <see cref="SampleCount"/> / mean.
/// </summary>
[MemoryDiagnoser]
public class ScrapeParseBenchmarks
{
    private const int Lines = 10_000;

    private readonly CountingHandler _handler = new();
    private byte[] _text = null!;
    private byte[] _openMetrics = null!;

    /// <summary>Samples per body (the rest are HELP/TYPE lines), for samples/s.</summary>
    public long SampleCount { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = ExpositionPayloads.Text(Lines);
        _openMetrics = ExpositionPayloads.OpenMetrics(Lines);
        ExpositionReader.Parse(_text, ExpositionFormat.PrometheusText, _handler);
        SampleCount = _handler.Samples;
        Console.WriteLine($"// text body {_text.Length} B, OpenMetrics body {_openMetrics.Length} B, {SampleCount} samples per body");
    }

    [Benchmark(Baseline = true)]
    public void ParseText() => ExpositionReader.Parse(_text, ExpositionFormat.PrometheusText, _handler);

    [Benchmark]
    public void ParseOpenMetrics() => ExpositionReader.Parse(_openMetrics, ExpositionFormat.OpenMetrics, _handler);

    [Benchmark]
    public ValueTask<long> ReadAsyncText() =>
        ExpositionReader.ReadAsync(PipeReader.Create(new MemoryStream(_text)), ExpositionFormat.PrometheusText, _handler, CancellationToken.None);

    [Benchmark]
    public ValueTask<long> ReadAsyncOpenMetrics() =>
        ExpositionReader.ReadAsync(PipeReader.Create(new MemoryStream(_openMetrics)), ExpositionFormat.OpenMetrics, _handler, CancellationToken.None);

    private sealed class CountingHandler : IExpositionHandler
    {
        public long Samples { get; private set; }

        public void OnSample(in ExpositionSample sample) => Samples++;

        public void OnMetadata(ReadOnlySpan<byte> metricFamily, MetadataField field, ReadOnlySpan<byte> value)
        {
        }
    }
}
