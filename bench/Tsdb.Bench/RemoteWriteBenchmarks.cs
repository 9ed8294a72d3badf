using System.Buffers;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Tsdb.Api.RemoteWrite;
using Tsdb.Storage;

namespace Tsdb.Bench;

/// <summary>
/// The remote-write receiver end to end minus the network: snappy body in, 204 out, through
/// <see cref="RemoteWriteHandler.HandleAsync"/> on a real <see cref="Db"/> whose WAL lives on tmpfs
/// (so an fsync costs nothing and the figures are CPU). 10,000 series that already exist; each
/// request carries 2,000 samples in one of the two shapes Tsdb.Load sends. Reported per sample.
/// Run: dotnet run -c Release --project bench/Tsdb.Bench -- --filter '*RemoteWrite*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class RemoteWriteBenchmarks
{
    private const int SeriesCount = 10_000;
    private const int SamplesPerRequest = 2_000;
    private const int Measured = 150;
    private const long T0 = 1_700_000_000_000;

    private readonly RemoteWriteHandler _handler = new(new MetadataStore());
    private byte[][] _bodies = [];
    private string _dir = "";
    private Db _db = null!;
    private int _next;

    /// <summary>per-sample: one series entry per sample (as Prometheus sends); per-series: 60 consecutive samples per entry.</summary>
    [Params("per-sample", "per-series")]
    public string Shape { get; set; } = "per-sample";

    [GlobalSetup]
    public void Setup()
    {
        // Round 0 (one sample per series) creates the series outside the measurement; the measured
        // requests follow it in time, series-major within blocks of perSeries rounds as a sender
        // batching per series sends them.
        var perSeries = Shape == "per-series" ? 60 : 1;
        var entries = new List<(int Series, int Round)>();
        for (var s = 0; s < SeriesCount; s++)
        {
            entries.Add((s, 0));
        }

        var measuredRounds = Math.Max(perSeries, Measured * SamplesPerRequest / SeriesCount);
        for (var block = 1; block <= measuredRounds; block += perSeries)
        {
            for (var s = 0; s < SeriesCount; s++)
            {
                for (var r = block; r < block + perSeries; r++)
                {
                    entries.Add((s, r));
                }
            }
        }

        var bodies = new List<byte[]>();
        for (var i = 0; i < entries.Count; i += SamplesPerRequest)
        {
            var slice = entries.GetRange(i, Math.Min(SamplesPerRequest, entries.Count - i));
            bodies.Add(Encode(slice, i < SeriesCount ? 1 : perSeries));
        }

        _bodies = [.. bodies];
    }

    [IterationSetup]
    public void OpenDb()
    {
        _db?.Dispose();
        if (_dir.Length != 0)
        {
            Directory.Delete(_dir, recursive: true);
        }

        _dir = Path.Combine("/dev/shm", "tsdb-rw-bench-" + Guid.NewGuid().ToString("N"));
        _db = Db.Open(_dir, new DbOptions { BackgroundCompaction = false, BlockRange = (long)TimeSpan.FromDays(1).TotalMilliseconds });
        _next = 0;
        for (var i = 0; i < SeriesCount / SamplesPerRequest; i++)
        {
            Post();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _db.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = SamplesPerRequest)]
    [InvocationCount(Measured)]
    public int Post()
    {
        var body = _bodies[_next++];
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/x-protobuf";
        context.Request.Headers.ContentEncoding = "snappy";
        context.Request.ContentLength = body.Length;
        context.Request.Body = new MemoryStream(body, writable: false);
        context.Response.Body = Stream.Null;
        _handler.HandleAsync(context, _db).GetAwaiter().GetResult();
        if (context.Response.StatusCode != StatusCodes.Status204NoContent)
        {
            throw new InvalidOperationException($"status {context.Response.StatusCode}");
        }

        return context.Response.StatusCode;
    }

    private static byte[] Encode(List<(int Series, int Round)> entries, int perSeries)
    {
        var w = new ArrayBufferWriter<byte>(1 << 20);
        var ts = new ArrayBufferWriter<byte>(4096);
        for (var i = 0; i < entries.Count;)
        {
            var series = entries[i].Series;
            ts.ResetWrittenCount();
            foreach (var (name, value) in LabelsOf(series))
            {
                var label = new ArrayBufferWriter<byte>(128);
                WriteString(label, 1, name);
                WriteString(label, 2, value);
                WriteBytes(ts, 1, label.WrittenSpan);
            }

            var n = 0;
            for (; i < entries.Count && entries[i].Series == series && n < perSeries; i++, n++)
            {
                var r = entries[i].Round;
                var sample = new ArrayBufferWriter<byte>(32);
                Tag(sample, 1, 1);
                BitConverter.TryWriteBytes(sample.GetSpan(8), Math.Round(series * 1.5 + r * 0.25, 2));
                sample.Advance(8);
                Tag(sample, 2, 0);
                Varint(sample, (ulong)(T0 + (r * 15_000L) + (series % 100)));
                WriteBytes(ts, 2, sample.WrittenSpan);
            }

            WriteBytes(w, 1, ts.WrittenSpan);
        }

        return Snappier.Snappy.CompressToArray(w.WrittenSpan);
    }

    private static IEnumerable<(string, string)> LabelsOf(int s)
    {
        var host = s / 100;
        yield return ("__name__", "node_metric_" + (s % 50).ToString(CultureInfo.InvariantCulture) + "_total");
        yield return ("cpu", (s % 8).ToString(CultureInfo.InvariantCulture));
        yield return ("instance", "host-" + host.ToString(CultureInfo.InvariantCulture) + ":9100");
        yield return ("job", "node");
        yield return ("mode", (s % 100 / 50) == 0 ? "user" : "system");
    }

    private static void WriteString(ArrayBufferWriter<byte> w, int field, string s) => WriteBytes(w, field, System.Text.Encoding.UTF8.GetBytes(s));

    private static void WriteBytes(ArrayBufferWriter<byte> w, int field, ReadOnlySpan<byte> bytes)
    {
        Tag(w, field, 2);
        Varint(w, (ulong)bytes.Length);
        bytes.CopyTo(w.GetSpan(bytes.Length));
        w.Advance(bytes.Length);
    }

    private static void Tag(ArrayBufferWriter<byte> w, int field, int wireType) => Varint(w, (ulong)((field << 3) | wireType));

    private static void Varint(ArrayBufferWriter<byte> w, ulong v)
    {
        var span = w.GetSpan(10);
        var n = 0;
        while (v >= 0x80)
        {
            span[n++] = (byte)(v | 0x80);
            v >>= 7;
        }

        span[n++] = (byte)v;
        w.Advance(n);
    }
}
