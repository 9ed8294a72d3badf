using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Tsdb.Scrape.Parsing;

namespace Tsdb.Scrape.Tests.Parsing;

/// <summary>The streaming reader must report exactly what the one-buffer parse reports, however the body is split.</summary>
public class PipeReaderTests
{
    private const string TextBody =
        "# HELP http_requests_total The total number of HTTP requests.\n"
        + "# TYPE http_requests_total counter\n"
        + "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n"
        + "http_requests_total{method=\"post\",code=\"400\"}    3 1395066363000\n"
        + "\n"
        + "# Escaping in label values:\n"
        + "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\n"
        + "metric_without_timestamp_and_labels 12.47\n"
        + "something_weird{problem=\"division by zero\"} +Inf -3982045\n"
        + "# HELP http_request_duration_seconds A histogram of the request duration.\n"
        + "# TYPE http_request_duration_seconds histogram\n"
        + "http_request_duration_seconds_bucket{le=\"0.05\"} 24054\n"
        + "http_request_duration_seconds_bucket{le=\"+Inf\"} 144320\n"
        + "http_request_duration_seconds_sum 53423\n"
        + "{\"utf8.metric\",\"ключ\"=\"значение\"} 7\n"
        + "http_request_duration_seconds_count 144320";

    private const string OpenMetricsBody =
        "# TYPE acme_http_router_request_seconds summary\n"
        + "# UNIT acme_http_router_request_seconds seconds\n"
        + "# HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.\n"
        + "acme_http_router_request_seconds_sum{path=\"/api/v1\",method=\"GET\"} 9036.32\n"
        + "acme_http_router_request_seconds_count{path=\"/api/v1\",method=\"GET\"} 807283.0\n"
        + "acme_http_router_request_seconds_created{path=\"/api/v1\",method=\"GET\"} 1605281325.0\n"
        + "# TYPE foo histogram\n"
        + "foo_bucket{le=\"0.01\"} 0\n"
        + "foo_bucket{le=\"0.1\"} 8 # {} 0.054\n"
        + "foo_bucket{le=\"+Inf\"} 17 # {trace_id=\"KOO5S4vxi0o\"} 0.67 1520879607.789\n"
        + "foo_count 17 1520879607.1\n"
        + "# EOF\n";

    public static TheoryData<string, ExpositionFormat> Bodies => new()
    {
        { TextBody, ExpositionFormat.PrometheusText },
        { OpenMetricsBody, ExpositionFormat.OpenMetrics },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Tiny_pipe_writes_give_the_same_entries(string body, ExpositionFormat format)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var expected = OneBuffer(bytes, format);
        Assert.NotEmpty(expected);
        for (var seed = 0; seed < 20; seed++)
        {
            var rng = new Random(seed);
            var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
            var h = new RecordingHandler();
            var reading = ExpositionReader.ReadAsync(pipe.Reader, format, h, CancellationToken.None).AsTask();
            var at = 0;
            while (at < bytes.Length)
            {
                var n = Math.Min(bytes.Length - at, rng.Next(1, 8));
                await pipe.Writer.WriteAsync(bytes.AsMemory(at, n));
                at += n;
            }

            await pipe.Writer.CompleteAsync();
            Assert.Equal(bytes.Length, await reading);
            Assert.Equal(expected, h.Entries);
        }
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Whole_body_through_a_stream_reader(string body, ExpositionFormat format)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var h = new RecordingHandler();
        var reader = PipeReader.Create(new MemoryStream(bytes), new StreamPipeReaderOptions(bufferSize: 16, minimumReadSize: 8));
        Assert.Equal(bytes.Length, await ExpositionReader.ReadAsync(reader, format, h, CancellationToken.None));
        Assert.Equal(OneBuffer(bytes, format), h.Entries);
    }

    [Property(MaxTest = 200)]
    public void Any_split_into_1_to_7_byte_segments_gives_the_same_entries(NonEmptyArray<PositiveInt> cuts, bool openMetrics)
    {
        var format = openMetrics ? ExpositionFormat.OpenMetrics : ExpositionFormat.PrometheusText;
        var bytes = Encoding.UTF8.GetBytes(openMetrics ? OpenMetricsBody : TextBody);
        var sizes = cuts.Get.Select(c => 1 + (c.Get % 7)).ToArray();
        var h = new RecordingHandler();
        var reader = PipeReader.Create(Segmented(bytes, sizes));
        var read = ExpositionReader.ReadAsync(reader, format, h, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        Assert.Equal(bytes.Length, read);
        Assert.Equal(OneBuffer(bytes, format), h.Entries);
    }

    [Fact]
    public async Task Errors_name_the_same_line_as_the_one_buffer_parse()
    {
        var bytes = Encoding.UTF8.GetBytes("a 1\nb 2\nc{x=\"1\" 3\nd 4\n");
        var reader = PipeReader.Create(Segmented(bytes, [3, 1, 5, 2]));
        var e = await Assert.ThrowsAsync<ExpositionFormatException>(
            async () => await ExpositionReader.ReadAsync(reader, ExpositionFormat.PrometheusText, new NoopHandler(), CancellationToken.None));
        Assert.Equal(3, e.Line);
        Assert.Contains("expected label name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_size_limit()
    {
        var bytes = Encoding.UTF8.GetBytes(TextBody);
        var ok = await ExpositionReader.ReadAsync(PipeReader.Create(new MemoryStream(bytes)), ExpositionFormat.PrometheusText, new NoopHandler(), CancellationToken.None, bodySizeLimit: bytes.Length);
        Assert.Equal(bytes.Length, ok);
        var e = await Assert.ThrowsAsync<BodySizeLimitExceededException>(
            async () => await ExpositionReader.ReadAsync(PipeReader.Create(new MemoryStream(bytes)), ExpositionFormat.PrometheusText, new NoopHandler(), CancellationToken.None, bodySizeLimit: bytes.Length - 1));
        Assert.Equal("body size limit exceeded", e.Message);
    }

    [Fact]
    public async Task Cancellation_stops_a_waiting_read()
    {
        var pipe = new Pipe();
        using var cts = new CancellationTokenSource();
        var reading = ExpositionReader.ReadAsync(pipe.Reader, ExpositionFormat.PrometheusText, new NoopHandler(), cts.Token).AsTask();
        await pipe.Writer.WriteAsync("a 1\n"u8.ToArray());
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
    }

    [Fact]
    public async Task Long_line_split_over_many_reads()
    {
        var value = new string('x', 100_000);
        var bytes = Encoding.UTF8.GetBytes($"m{{big=\"{value}\"}} 1\nn 2");
        var h = new RecordingHandler();
        var reader = PipeReader.Create(new MemoryStream(bytes), new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024));
        await ExpositionReader.ReadAsync(reader, ExpositionFormat.PrometheusText, h, CancellationToken.None);
        Assert.Equal([$"m{{big=\"{value}\"}} 1", "n 2"], h.Entries);
    }

    private static List<string> OneBuffer(byte[] bytes, ExpositionFormat format)
    {
        var h = new RecordingHandler();
        ExpositionReader.Parse(bytes, format, h);
        return h.Entries;
    }

    // A multi-segment sequence cut into the given sizes (cycled until the body is used up).
    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int[] sizes)
    {
        Chunk? first = null;
        Chunk? last = null;
        var at = 0;
        for (var i = 0; at < bytes.Length; i++)
        {
            var n = Math.Min(sizes[i % sizes.Length], bytes.Length - at);
            var chunk = new Chunk(bytes.AsMemory(at, n));
            if (last is null)
            {
                first = chunk;
            }
            else
            {
                last.Append(chunk);
            }

            last = chunk;
            at += n;
        }

        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class Chunk : ReadOnlySequenceSegment<byte>
    {
        public Chunk(ReadOnlyMemory<byte> memory) => Memory = memory;

        public void Append(Chunk next)
        {
            next.RunningIndex = RunningIndex + Memory.Length;
            Next = next;
        }
    }
}
