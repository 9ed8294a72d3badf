using System.IO.Pipelines;
using Tsdb.Scrape.Parsing;
using Tsdb.Tests.Shared;

namespace Tsdb.Scrape.Tests.Parsing;

/// <summary>The steady-state parse must not allocate per line or per sample, only a small constant per body.</summary>
public class AllocationTests
{
    private const int Lines = 10_000;

    // The line parser object and pool bookkeeping; a per-line allocation would be at least 10k * 24 B.
    private const long PerBodyAllowance = 512;

    [Fact]
    public void Text_parse_allocates_nothing_per_line()
    {
        var body = ExpositionPayloads.Text(Lines);
        var h = new NoopHandler();
        var allocated = AllocationProbe.LeastAllocated(() => ExpositionReader.Parse(body, ExpositionFormat.PrometheusText, h));
        Assert.True(h.Samples > 9000);
        Assert.True(allocated <= PerBodyAllowance, $"{allocated} B per {Lines}-line body");
    }

    [Fact]
    public void OpenMetrics_parse_allocates_nothing_per_line()
    {
        var body = ExpositionPayloads.OpenMetrics(Lines);
        var h = new NoopHandler();
        var allocated = AllocationProbe.LeastAllocated(() => ExpositionReader.Parse(body, ExpositionFormat.OpenMetrics, h));
        Assert.True(allocated <= PerBodyAllowance, $"{allocated} B per {Lines}-line body");
    }

    [Fact]
    public void Pipe_read_allocates_only_a_constant_per_body()
    {
        var body = ExpositionPayloads.Text(Lines);
        var h = new NoopHandler();
        var allocated = AllocationProbe.LeastAllocated(() =>
        {
            var reader = PipeReader.Create(new MemoryStream(body), new StreamPipeReaderOptions(bufferSize: 4096));
            ExpositionReader.ReadAsync(reader, ExpositionFormat.PrometheusText, h, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        });

        // Stream, reader, its segments and the task: a fixed few KB whatever the line count.
        Assert.True(allocated <= 16 * 1024, $"{allocated} B per {Lines}-line body");
    }
}
