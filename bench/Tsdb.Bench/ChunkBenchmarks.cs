using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Tsdb.Storage;
using Tsdb.Storage.Chunks;

namespace Tsdb.Bench;

/// <summary>
/// Encode and decode of 120-sample XOR chunks. Each invocation handles ten series (for Mix: 4 counters,
/// 4 gauges, 2 constants), so with OperationsPerInvoke = 1200 the Mean and Allocated columns are per sample.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Cfg))]
public class ChunkBenchmarks
{
    private const int SeriesPerCase = 10;
    private const int Samples = SeriesPerCase * ChunkShapes.SamplesPerChunk;

    private long[][] _t = [];
    private double[][] _v = [];
    private XorChunk[] _chunks = [];
    private XorChunk[] _frozen = [];
    private XorIterator _it = null!;
    private ISampleIterator _iface = null!;

    [Params(ChunkShape.Counter, ChunkShape.Gauge, ChunkShape.Constant, ChunkShape.Mix)]
    public ChunkShape Shape { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var shapes = Shape == ChunkShape.Mix ? ChunkShapes.SeriesShapes(ChunkShape.Mix) : Enumerable.Repeat(Shape, SeriesPerCase).ToArray();
        _t = new long[shapes.Length][];
        _v = new double[shapes.Length][];
        _chunks = new XorChunk[shapes.Length];
        _frozen = new XorChunk[shapes.Length];
        for (var i = 0; i < shapes.Length; i++)
        {
            (_t[i], _v[i]) = ChunkShapes.Series(shapes[i], seed: i + 1);
            _chunks[i] = ChunkShapes.Encode(_t[i], _v[i]);
            _frozen[i] = new XorChunk(_chunks[i].Bytes.ToArray());
        }

        _it = _frozen[0].XorIterator();
        _iface = _frozen[0].Iterator();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// {Shape}: {ChunkShapes.BytesPerSample(Shape):F3} bytes/sample (120-sample chunks, header included)"));
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public int Encode()
    {
        var bytes = 0;
        for (var s = 0; s < _t.Length; s++)
        {
            var t = _t[s];
            var v = _v[s];
            var c = new XorChunk();
            var a = c.Appender();
            for (var i = 0; i < t.Length; i++)
            {
                a.Append(t[i], v[i]);
            }

            bytes += c.Bytes.Length;
        }

        return bytes;
    }

    /// <summary>Typed iterator, reused: the path the querier's inner loops should take.</summary>
    [Benchmark(OperationsPerInvoke = Samples)]
    public double Decode()
    {
        var sum = 0.0;
        foreach (var c in _frozen)
        {
            var it = c.XorIterator(_it);
            while (it.Next() == SampleKind.Float)
            {
                sum += it.AtV();
            }
        }

        return sum;
    }

    /// <summary>Through <see cref="ISampleIterator"/> (interface dispatch per call), reused.</summary>
    [Benchmark(OperationsPerInvoke = Samples)]
    public double DecodeInterface()
    {
        var sum = 0.0;
        foreach (var c in _frozen)
        {
            var it = c.Iterator(_iface);
            while (it.Next() == SampleKind.Float)
            {
                sum += it.At().V;
            }
        }

        return sum;
    }

    private sealed class Cfg : ManualConfig
    {
        public Cfg() => AddColumn(new BytesPerSampleColumn());
    }

    /// <summary>Encoded bytes per sample of the case's shape, averaged over 100 series per shape.</summary>
    private sealed class BytesPerSampleColumn : IColumn
    {
        public string Id => nameof(BytesPerSampleColumn);

        public string ColumnName => "Bytes/sample";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Encoded chunk bytes per sample (120-sample chunks, 2-byte header included)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var shape = (ChunkShape)benchmarkCase.Parameters["Shape"];
            return ChunkShapes.BytesPerSample(shape).ToString("F3", CultureInfo.InvariantCulture);
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
