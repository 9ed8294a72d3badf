using Tsdb.Storage.Codecs;
using BenchmarkDotNet.Attributes;
using Tsdb.Storage;
using Tsdb.Storage.Blocks;
using Tsdb.Storage.Chunks;
using Tsdb.Storage.Index;

namespace Tsdb.Bench;

/// <summary>
/// Persistent blocks: write a 2 h block of 10k series x 120 samples (one XOR chunk each), open it
/// (full checksum verification), and read every chunk of every series.
/// Run: dotnet run -c Release --project bench/Tsdb.Bench -- --filter '*Block*' --job short
/// </summary>
[MemoryDiagnoser]
public class BlockBenchmarks
{
    private const int SeriesCount = 10_000;
    private const int SamplesPerSeries = 120;
    private const long BlockStart = 1_700_000_000_000;
    private const long BlockEnd = BlockStart + 7_200_000;

    private readonly List<BlockSeries> _series = [];
    private readonly BlockWriter _writer = new();
    private readonly List<ChunkMeta> _metas = [];
    private readonly List<ReadOnlyMemory<byte>> _chunkBytes = [];
    private string _root = "";
    private string _writeDir = "";
    private string _blockDir = "";
    private Block? _block;

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "tsdb-bench-blocks-" + Guid.NewGuid().ToString("N"));
        _writeDir = Path.Combine(_root, "writes");
        var rng = new Random(42);
        var labels = new List<Labels>(SeriesCount);
        for (var i = 0; i < SeriesCount; i++)
        {
            labels.Add(Labels.FromStrings(
                "__name__", "metric_" + (i % 50).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "instance", "host-" + (i / 50).ToString(System.Globalization.CultureInfo.InvariantCulture) + ":9100",
                "job", "node",
                "mode", (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        labels.Sort();
        foreach (var l in labels)
        {
            var chunk = new XorChunk();
            var app = chunk.Appender();
            var v = rng.NextDouble() * 1000;
            for (var s = 0; s < SamplesPerSeries; s++)
            {
                v += rng.Next(0, 10);
                app.Append(BlockStart + s * 15_000L, v);
            }

            _series.Add(new BlockSeries(l, [(new ChunkMeta(0, BlockStart, BlockStart + (SamplesPerSeries - 1) * 15_000L), chunk)]));
        }

        var meta = _writer.Write(_root, BlockStart, BlockEnd, _series);
        _blockDir = Path.Combine(_root, meta.Ulid.ToString());
        _block = Block.Open(_blockDir);
        var p = _block.AllPostings();
        while (p.Next())
        {
            _block.Series(p.At, out _, _metas);
            foreach (var m in _metas)
            {
                _chunkBytes.Add(_block.Chunk(m).Bytes);
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _block?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [IterationCleanup(Target = nameof(WriteBlock))]
    public void CleanWrites()
    {
        if (Directory.Exists(_writeDir))
        {
            Directory.Delete(_writeDir, recursive: true);
        }
    }

    [Benchmark]
    public ulong WriteBlock() => _writer.Write(_writeDir, BlockStart, BlockEnd, _series).Stats.NumSamples;

    [Benchmark]
    public int OpenBlock()
    {
        using var b = Block.Open(_blockDir);
        return b.NumSeries;
    }

    /// <summary>Index lookups + chunk reads (with per-chunk CRC check), no sample decoding.</summary>
    [Benchmark]
    public long ReadAllChunks()
    {
        var b = _block!;
        long bytes = 0;
        var p = b.AllPostings();
        while (p.Next())
        {
            b.Series(p.At, out _, _metas);
            foreach (var m in _metas)
            {
                bytes += b.Chunk(m).Bytes.Length;
            }
        }

        return bytes;
    }

    /// <summary>Only the CRC32C over the same chunk bytes ReadAllChunks reads: the cost of verifying chunks on read.</summary>
    [Benchmark]
    public uint ChecksumAllChunkBytes()
    {
        uint crc = 0;
        foreach (var c in _chunkBytes)
        {
            crc ^= Crc32C.Compute(c.Span);
        }

        return crc;
    }

    /// <summary>Every sample of every series.</summary>
    [Benchmark]
    public double IterateAllSamples()
    {
        var b = _block!;
        double sum = 0;
        ISampleIterator? it = null;
        var p = b.AllPostings();
        while (p.Next())
        {
            b.Series(p.At, out _, _metas);
            foreach (var m in _metas)
            {
                it = b.Chunk(m).Iterator(it);
                while (it.Next() == SampleKind.Float)
                {
                    sum += it.At().V;
                }
            }
        }

        return sum;
    }
}
