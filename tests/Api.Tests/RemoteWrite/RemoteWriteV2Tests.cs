using System.Net;
using Tsdb.Api.RemoteWrite;
using Tsdb.Api.RemoteWrite.Proto.V2;
using Sample = Tsdb.Api.RemoteWrite.Proto.V2.Sample;
using Tsdb.Storage;
using static Tsdb.Api.Tests.RemoteWrite.RemoteWriteEncoder;

namespace Tsdb.Api.Tests.RemoteWrite;

public sealed class RemoteWriteV2Tests : IAsyncLifetime
{
    private const long T0 = 1_700_000_000_000;
    private RemoteWriteServer _server = null!;

    public async Task InitializeAsync() => _server = await RemoteWriteServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Matcher Name(string name) => Matcher.Equal("__name__", name);

    private async Task<(HttpStatusCode Status, string Body, string? Samples, string? Histograms, string? Exemplars)> PostAsync(Request request)
    {
        var content = Content(Encode(request), RemoteWriteV2Encoder.ContentType);
        content.Headers.Remove("X-Prometheus-Remote-Write-Version");
        content.Headers.Add("X-Prometheus-Remote-Write-Version", "2.0.0");
        using var resp = await _server.PostAsync(content);
        static string? H(HttpResponseMessage r, string name) => r.Headers.TryGetValues(name, out var v) ? v.Single() : null;
        return (resp.StatusCode, await resp.Content.ReadAsStringAsync(),
            H(resp, RemoteWriteHandler.SamplesWrittenHeader), H(resp, RemoteWriteHandler.HistogramsWrittenHeader), H(resp, RemoteWriteHandler.ExemplarsWrittenHeader));
    }

    [Fact]
    public async Task RoundTripWithSymbolsMetadataAndWrittenHeaders()
    {
        var enc = new RemoteWriteV2Encoder();
        var ts = enc.Add(["__name__", "http_requests_total", "job", "api"], (T0, 1), (T0 + 1000, StaleNaN.Value));
        ts.Metadata = new Metadata { Type = Metadata.Types.MetricType.Counter, HelpRef = enc.Ref("Requests."), UnitRef = 0 };
        enc.Add(["__name__", "temp", "job", "api"], (T0, double.NaN));

        var r = await PostAsync(enc.Request);

        Assert.Equal(HttpStatusCode.NoContent, r.Status);
        Assert.Equal(("3", "0", "0"), (r.Samples, r.Histograms, r.Exemplars));
        var stored = Assert.Single(_server.Read(Name("http_requests_total")));
        Assert.Equal(Labels.FromStrings("__name__", "http_requests_total", "job", "api"), stored.Labels);
        Assert.Equal(StaleNaN.Bits, stored.Samples[1].Bits);
        Assert.Equal(BitConverter.DoubleToUInt64Bits(double.NaN), Assert.Single(_server.Read(Name("temp"))).Samples[0].Bits);
        Assert.True(_server.Handler.Metadata.TryGet("http_requests_total", out var meta));
        Assert.Equal(new MetricMetadataEntry("counter", "Requests.", ""), meta);
    }

    [Fact]
    public async Task BadRefsRejectOnlyThatSeriesAndCountsAreReported()
    {
        var enc = new RemoteWriteV2Encoder();
        enc.Add(["__name__", "good"], (T0, 1), (T0 + 1, 2));
        var bad = new TimeSeries { LabelsRefs = { 0, 999 }, Samples = { new Sample { Timestamp = T0, Value = 1 } } };
        enc.Request.Timeseries.Add(bad);
        var odd = new TimeSeries { LabelsRefs = { enc.Ref("__name__") }, Samples = { new Sample { Timestamp = T0, Value = 1 } } };
        enc.Request.Timeseries.Add(odd);

        var r = await PostAsync(enc.Request);

        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal("2", r.Samples);
        Assert.Contains("out of range", r.Body, StringComparison.Ordinal);
        Assert.Contains("odd length", r.Body, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single(_server.Read(Name("good"))).Samples.Count);
    }

    [Fact]
    public async Task HistogramsAreRefusedWith400()
    {
        var enc = new RemoteWriteV2Encoder();
        var ts = enc.Add(["__name__", "h"]);
        ts.Histograms.Add(new Histogram { Timestamp = T0 });

        var r = await PostAsync(enc.Request);

        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Contains("native histograms are not supported", r.Body, StringComparison.Ordinal);
        Assert.Equal(("0", "0"), (r.Samples, r.Histograms));
    }

    [Fact]
    public async Task ExactRetryIs204()
    {
        var enc = new RemoteWriteV2Encoder();
        enc.Add(["__name__", "rr"], (T0, 1), (T0 + 1, 2), (T0 + 2, 3));

        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(enc.Request)).Status);
        var again = await PostAsync(enc.Request);

        Assert.Equal(HttpStatusCode.NoContent, again.Status);
        Assert.Equal(3, Assert.Single(_server.Read(Name("rr"))).Samples.Count);
    }

    [Fact]
    public async Task DefaultLimitsApplyAboveKestrelsDefaultBodySize()
    {
        // 31 MB is over Kestrel's default 30 MB request limit but within ours (32 MB): the body is
        // read and judged by its content (random bytes: bad snappy), never a 413 or 500.
        var random = new byte[31 << 20];
        new Random(3).NextBytes(random);
        random[0] = 0x05; // claims 5 decompressed bytes; the rest is garbage
        using var resp = await _server.PostAsync(Content(random));
        Assert.Equal(HttpStatusCode.BadRequest, resp.StatusCode);

        var over = new byte[(32 << 20) + 1];
        using var resp2 = await _server.PostAsync(Content(over));
        Assert.Equal(HttpStatusCode.BadRequest, resp2.StatusCode);
        Assert.Contains("body too large", await resp2.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadProtobufIs400WithHeaders()
    {
        var content = Content(Snappier.Snappy.CompressToArray([0x22, 0xff, 0xff, 0xff, 0x0f]), RemoteWriteV2Encoder.ContentType);
        using var resp = await _server.PostAsync(content);
        Assert.Equal(HttpStatusCode.BadRequest, resp.StatusCode);
        Assert.Equal("0", resp.Headers.GetValues(RemoteWriteHandler.SamplesWrittenHeader).Single());
    }
}
