using System.IO.Compression;
using System.Net;
using System.Text;
using Tsdb.Api.Host;
using Tsdb.Api.Import;
using Tsdb.Storage;

namespace Tsdb.Api.Tests.Import;

public sealed class ImportTests : IAsyncLifetime
{
    private const long H = 3600_000;
    private const long T0 = 1_700_006_400_000; // aligned to 2 h
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tsdb-import-" + Guid.NewGuid().ToString("N"));
    private TsdbServer _server = null!;
    private Uri _base = null!;

    private Db Db => _server.Db!;

    public async Task InitializeAsync()
    {
        var (flags, _) = TsdbFlags.Parse(["--config.file=/dev/null", "--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + _dir, "--storage.tsdb.retention.time=3650d"]);
        _server = await TsdbServer.StartAsync(flags!, [(app, s) => app.MapImport(() => s.Db)], log: _ => { });
        await _server.Ready;
        _base = new Uri("http://127.0.0.1:" + _server.Port);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    /// <summary>Head data for T0..T0+4h, of which the first 2 h are persisted: the head accepts samples from T0+2h on.</summary>
    private void SeedHeadAndBlock()
    {
        var app = Db.Appender();
        for (var t = T0; t <= T0 + (4 * H); t += 60_000)
        {
            app.Append(0, Labels.FromStrings("__name__", "seed"), t, 1);
        }

        app.Commit();
        Db.Compact();
        Assert.Equal(T0 + (2 * H), Db.Head.MinValidTime);
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string body, string contentType = "text/plain; version=0.0.4", bool gzip = false)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        if (gzip)
        {
            using var ms = new MemoryStream();
            using (var z = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
            {
                z.Write(bytes);
            }

            bytes = ms.ToArray();
        }

        using var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        using var client = new HttpClient { BaseAddress = _base };
        using var r = await client.PostAsync(new Uri(ImportEndpoints.Path, UriKind.Relative), content);
        return (r.StatusCode, await r.Content.ReadAsStringAsync());
    }

    private List<(long T, double V)> Read(string name)
    {
        using var q = Db.Querier(long.MinValue, long.MaxValue);
        var result = new List<(long, double)>();
        foreach (var s in q.Select(Matcher.Equal("__name__", name)))
        {
            var it = s.Iterator();
            while (it.Next() == SampleKind.Float)
            {
                result.Add((it.At().T, it.At().V));
            }
        }

        return result;
    }

    [Fact]
    public async Task RecentSamples_GoIntoTheHead()
    {
        var (status, body) = await PostAsync($"# TYPE a gauge\na{{job=\"x\"}} 1 {T0}\na{{job=\"x\"}} 2.5 {T0 + 15_000}\n");

        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal("", body);
        Assert.Equal([(T0, 1.0), (T0 + 15_000, 2.5)], Read("a"));
        Assert.Empty(Db.Blocks);
        Assert.Equal(2, Db.Head.SamplesAppended);
    }

    [Fact]
    public async Task SamplesOlderThanTheHead_BecomeBlocks()
    {
        SeedHeadAndBlock();
        var before = Db.Blocks.Count;

        var (status, body) = await PostAsync($"old 1 {T0 - (5 * H)}\nold 2 {T0 - (5 * H) + 1000}\nold 3 {T0 + 1000}\n");

        Assert.True(status == HttpStatusCode.NoContent, body);
        Assert.Equal([(T0 - (5 * H), 1.0), (T0 - (5 * H) + 1000, 2.0), (T0 + 1000, 3.0)], Read("old"));

        // One new block per 2 h window; the one overlapping the persisted block was merged into it.
        Assert.True(Db.Blocks.Count > before);
        Assert.Contains(Db.Blocks, b => b.MinTime == T0 - (5 * H) && b.MaxTime == T0 - (5 * H) + 1001);
        Assert.Equal(241, Read("seed").Count);
    }

    [Fact]
    public async Task MixedBody_SplitsBetweenBlocksAndHead()
    {
        SeedHeadAndBlock();
        var (status, _) = await PostAsync($"mix 1 {T0 - H}\nmix 2 {T0 + (3 * H)}\nmix 3 {T0 + (5 * H)}\n");

        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal([(T0 - H, 1.0), (T0 + (3 * H), 2.0), (T0 + (5 * H), 3.0)], Read("mix"));
        Assert.Contains(Db.Blocks, b => b.MinTime == T0 - H);
    }

    [Fact]
    public async Task MalformedBody_Answers400AndStoresNothing()
    {
        var (status, body) = await PostAsync($"good 1 {T0}\nbad{{ x\n");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("line 2", body, StringComparison.Ordinal);
        Assert.Empty(Read("good"));
        Assert.Equal(0, Db.Head.SamplesAppended);
    }

    [Fact]
    public async Task RejectedSamples_Answer400WithCountsAndTheRestIsStored()
    {
        var (status, body) = await PostAsync($"r 1 {T0 + 2000}\nr 2 {T0 + 1000}\nr 3 {T0 + 3000}\ndup{{x=\"1\",x=\"2\"}} 4 {T0}\n");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("2 of 4 samples rejected, 2 stored", body, StringComparison.Ordinal);
        Assert.Contains("out of order", body, StringComparison.Ordinal);
        Assert.Contains("invalid labels for series", body, StringComparison.Ordinal);
        Assert.Equal([(T0 + 2000, 1.0), (T0 + 3000, 3.0)], Read("r"));
    }

    [Fact]
    public async Task OpenMetricsGzipAndMissingTimestamps()
    {
        var (status, _) = await PostAsync($"om_total 5 {(T0 / 1000.0).ToString(System.Globalization.CultureInfo.InvariantCulture)}\n# EOF\n", "application/openmetrics-text; version=1.0.0", gzip: true);
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal([(T0, 5.0)], Read("om_total"));

        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        (status, _) = await PostAsync("now_metric 1\n");
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.InRange(Read("now_metric").Single().T, before - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }
}
