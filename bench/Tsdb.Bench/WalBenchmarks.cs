using System.Buffers;
using BenchmarkDotNet.Attributes;
using Tsdb.Storage.Wal;

namespace Tsdb.Bench;

/// <summary>
/// WAL throughput and latency on the real disk (each commit is write + fsync).
/// Run: dotnet run -c Release --project bench/Tsdb.Bench -- --filter '*Wal*' --job short
/// </summary>
[MemoryDiagnoser]
public class WalBenchmarks
{
    private const int BatchSize = 1000;
    private const int Writers = 4;
    private const int CommitsPerWriter = 100;

    private readonly byte[] _record = new byte[100];
    private readonly ArrayBufferWriter<byte> _buffer = new(64 << 10);
    private readonly RefSample[] _samples = new RefSample[BatchSize];
    private readonly List<RefSample> _decoded = new(BatchSize);
    private byte[] _encoded = [];
    private string _dir = "";
    private SegmentWal? _wal;
    private long _invocations;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "tsdb-wal-bench-" + Guid.NewGuid().ToString("N"));
        _wal = SegmentWal.Open(_dir);
        new Random(1).NextBytes(_record);
        for (var i = 0; i < _samples.Length; i++)
        {
            _samples[i] = new RefSample((ulong)(10_000 + i), 1_700_000_000_000L + (i % 7), i * 1.5);
        }

        WalRecords.EncodeSamples(_buffer, _samples);
        _encoded = _buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Keeps the disk footprint small by dropping old segments every 256 calls (an IterationCleanup
    /// would force BenchmarkDotNet to one invocation per iteration). Costs ~1 ms per 256 invocations.
    /// </summary>
    private void MaybeTruncate()
    {
        if (++_invocations % 256 == 0)
        {
            var wal = _wal!;
            wal.TruncateBefore(wal.StartNewSegment());
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _wal?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>One writer: 1000 records of 100 B, then one wait (= one group commit). Reported per record.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public void Enqueue1000x100B_ThenCommit()
    {
        var wal = _wal!;
        long last = 0;
        for (var i = 0; i < BatchSize; i++)
        {
            last = wal.Enqueue(_record);
        }

        wal.WaitForCommit(last);
        MaybeTruncate();
    }

    /// <summary>One writer doing enqueue + wait in a loop: the commit latency one waiter sees.</summary>
    [Benchmark]
    public void SingleWriter_EnqueueAndWait()
    {
        var wal = _wal!;
        wal.WaitForCommit(wal.Enqueue(_record));
        MaybeTruncate();
    }

    /// <summary>Four writer threads each doing enqueue + wait: group commit shares fsyncs. Reported per acknowledged record.</summary>
    [Benchmark(OperationsPerInvoke = Writers * CommitsPerWriter)]
    public void FourWriters_EnqueueAndWait()
    {
        var wal = _wal!;
        var threads = new Thread[Writers];
        for (var w = 0; w < Writers; w++)
        {
            threads[w] = new Thread(() =>
            {
                for (var i = 0; i < CommitsPerWriter; i++)
                {
                    wal.WaitForCommit(wal.Enqueue(_record));
                }
            });
            threads[w].Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        MaybeTruncate();
    }

    /// <summary>Encoding a 1000-sample record into a reused buffer (must not allocate).</summary>
    [Benchmark]
    public int EncodeSamples1000()
    {
        _buffer.ResetWrittenCount();
        WalRecords.EncodeSamples(_buffer, _samples);
        return _buffer.WrittenCount;
    }

    /// <summary>Decoding a 1000-sample record into a reused list (must not allocate).</summary>
    [Benchmark]
    public int DecodeSamples1000()
    {
        _decoded.Clear();
        WalRecords.DecodeSamples(_encoded, _decoded);
        return _decoded.Count;
    }
}
