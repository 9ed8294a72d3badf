using System.Net;
using Tsdb.Api.RemoteWrite;
using Tsdb.Api.RemoteWrite.Proto.V1;
using Tsdb.Storage;
using static Tsdb.Api.Tests.RemoteWrite.RemoteWriteEncoder;

namespace Tsdb.Api.Tests.RemoteWrite;

public sealed class RemoteWriteV1Tests : IAsyncLifetime
{
    private const long T0 = 1_700_000_000_000;
    private RemoteWriteServer _server = null!;

    public async Task InitializeAsync() => _server = await RemoteWriteServer.StartAsync(new RemoteWriteLimits { MaxCompressedBytes = 1 << 20, MaxDecompressedBytes = 2 << 20 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Matcher Name(string name) => Matcher.Equal("__name__", name);

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpContent content)
    {
        using var resp = await _server.PostAsync(content);
        return (resp.StatusCode, await resp.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RoundTripKeepsValuesBitExact()
    {
        // -0.0 is left out: proto3 does not encode a field equal to 0, so it arrives as +0 (as from Prometheus).
        var weird = new[] { 1.5, double.NaN, StaleNaN.Value, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, BitConverter.UInt64BitsToDouble(0x7ff8_0000_0000_1234) };
        var samples = weird.Select((v, i) => (T0 + (i * 1000L), v)).ToArray();
        var (status, body) = await PostAsync(Content(Request(Series(["__name__", "up", "job", "node"], samples))));

        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal("", body);
        var stored = Assert.Single(_server.Read(Name("up")));
        Assert.Equal(Labels.FromStrings("__name__", "up", "job", "node"), stored.Labels);
        Assert.Equal(samples.Select(s => (s.Item1, BitConverter.DoubleToUInt64Bits(s.v))), stored.Samples);
        Assert.True(StaleNaN.Is(BitConverter.UInt64BitsToDouble(stored.Samples[2].Bits)));
        Assert.False(StaleNaN.Is(BitConverter.UInt64BitsToDouble(stored.Samples[1].Bits)));
    }

    [Fact]
    public async Task ManySeriesAndSamples()
    {
        var series = Enumerable.Range(0, 50)
            .Select(i => Series(["instance", $"h{i}", "__name__", "m"], Enumerable.Range(0, 20).Select(j => (T0 + (j * 15_000L), (double)(i * 100 + j))).ToArray()))
            .ToArray();
        var req = Request(series);
        req.Metadata.Add(new MetricMetadata { MetricFamilyName = "m", Type = MetricMetadata.Types.MetricType.Gauge, Help = "a gauge", Unit = "seconds" });

        var (status, _) = await PostAsync(Content(req));

        Assert.Equal(HttpStatusCode.NoContent, status);
        var stored = _server.Read(Name("m"));
        Assert.Equal(50, stored.Count);
        Assert.All(stored, s => Assert.Equal(20, s.Samples.Count));
        var h7 = stored.Single(s => s.Labels.Get("instance") == "h7");
        Assert.Equal(BitConverter.DoubleToUInt64Bits(719), h7.Samples[19].Bits);
        Assert.True(_server.Handler.Metadata.TryGet("m", out var meta));
        Assert.Equal(new MetricMetadataEntry("gauge", "a gauge", "seconds"), meta);
    }

    [Fact]
    public async Task SamplesStayOnTheirSeriesWhenSendersChangeTheirSeriesOrder()
    {
        // The handler guesses each entry's series from the order of the previous request: a changed,
        // shuffled or extended order must still put every sample on its own series.
        static TimeSeries S(int i, long t) => Series(["__name__", "order", "i", $"{i}"], (t, (i * 1000) + (t - T0)));
        var orders = new[]
        {
            Enumerable.Range(0, 10).ToArray(),
            Enumerable.Range(0, 10).Reverse().ToArray(),
            new[] { 0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9 },
            new[] { 10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
            Enumerable.Range(0, 11).ToArray(),
        };
        for (var r = 0; r < orders.Length; r++)
        {
            var (status, body) = await PostAsync(Content(Request([.. orders[r].Select(i => S(i, T0 + r))])));
            Assert.True(status == HttpStatusCode.NoContent, body);
        }

        var stored = _server.Read(Name("order"));
        Assert.Equal(11, stored.Count);
        foreach (var (labels, samples) in stored)
        {
            var i = int.Parse(labels.Get("i"));
            var expected = Enumerable.Range(0, orders.Length).Where(r => orders[r].Contains(i)).Select(r => (T0 + r, BitConverter.DoubleToUInt64Bits((i * 1000) + r)));
            Assert.Equal(expected, samples);
        }
    }

    [Fact]
    public async Task ManyKnownSeriesAreFoundAgainAcrossCacheGrowth()
    {
        // Enough series for the handler's series cache to grow several times; the second round comes in
        // another order (so it goes through the cache, not the order guess) and must find every series.
        const int N = 20_000;
        for (var round = 0; round < 2; round++)
        {
            var ids = Enumerable.Range(0, N).Select(i => round == 0 ? i : (i * 7919) % N).ToArray();
            foreach (var chunk in ids.Chunk(2_000))
            {
                var (status, body) = await PostAsync(Content(Request([.. chunk.Select(i => Series(["__name__", "many", "i", $"{i}"], (T0 + round, i)))])));
                Assert.True(status == HttpStatusCode.NoContent, body);
            }
        }

        Assert.Equal(N, _server.Db.Head.SeriesCreated);
        var stored = _server.Read(Name("many"));
        Assert.Equal(N, stored.Count);
        Assert.All(stored, s => Assert.Equal([(T0, BitConverter.DoubleToUInt64Bits(int.Parse(s.Labels.Get("i")))), (T0 + 1, BitConverter.DoubleToUInt64Bits(int.Parse(s.Labels.Get("i"))))], s.Samples));
    }

    [Fact]
    public async Task ASeriesCollectedBetweenRequestsIsCreatedAgain()
    {
        // b follows a in the first request; GC then removes b but keeps a, so the next request's guess
        // after a names a collected series and must not be used.
        var a = new[] { "__name__", "gc", "s", "a" };
        var b = new[] { "__name__", "gc", "s", "b" };
        var (status, _) = await PostAsync(Content(Request(Series(a, (T0 + 10_000, 1)), Series(b, (T0, 2)))));
        Assert.Equal(HttpStatusCode.NoContent, status);

        Assert.Equal(1, _server.Db.Head.Truncate(T0 + 1));
        (status, _) = await PostAsync(Content(Request(Series(a, (T0 + 20_000, 3)), Series(b, (T0 + 20_000, 4)))));
        Assert.Equal(HttpStatusCode.NoContent, status);
        (status, _) = await PostAsync(Content(Request(Series(a, (T0 + 30_000, 5)), Series(b, (T0 + 30_000, 6)))));
        Assert.Equal(HttpStatusCode.NoContent, status);

        var stored = _server.Read(Name("gc")).ToDictionary(s => s.Labels.Get("s"), s => s.Samples);
        Assert.Equal([(T0 + 10_000, BitConverter.DoubleToUInt64Bits(1)), (T0 + 20_000, BitConverter.DoubleToUInt64Bits(3)), (T0 + 30_000, BitConverter.DoubleToUInt64Bits(5))], stored["a"]);
        Assert.Equal([(T0 + 20_000, BitConverter.DoubleToUInt64Bits(4)), (T0 + 30_000, BitConverter.DoubleToUInt64Bits(6))], stored["b"]);
    }

    [Fact]
    public async Task OutOfOrderAndDuplicatesKeepGoodSamplesAndAnswer400WithCounts()
    {
        var req = Request(
            Series(["__name__", "a"], (T0, 1), (T0 + 1000, 2), (T0 + 500, 3), (T0 + 1000, 4), (T0 + 2000, 5)),
            Series(["__name__", "b"], (T0, 10)));

        var (status, body) = await PostAsync(Content(req));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("2 of 6 samples rejected", body, StringComparison.Ordinal);
        Assert.Contains("1 out of order", body, StringComparison.Ordinal);
        Assert.Contains("duplicate sample for timestamp", body, StringComparison.Ordinal);
        Assert.Equal([T0, T0 + 1000, T0 + 2000], Assert.Single(_server.Read(Name("a"))).Samples.Select(s => s.T));
        Assert.Single(Assert.Single(_server.Read(Name("b"))).Samples);
    }

    [Fact]
    public async Task ExactRetryIsAcceptedWithoutDuplicates()
    {
        var body = Encode(Request(Series(["__name__", "r", "x", "1"], (T0, 1), (T0 + 1000, StaleNaN.Value)), Series(["__name__", "r", "x", "2"], (T0, double.NaN))));

        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(Content(body))).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(Content(body))).Status);

        var stored = _server.Read(Name("r"));
        Assert.Equal(2, stored.Count);
        Assert.Equal(2, stored[0].Samples.Count);
        Assert.Single(stored[1].Samples);
    }

    [Fact]
    public async Task BadSnappyIs400()
    {
        var (status, body) = await PostAsync(Content([0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02, 0x03]));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("snappy", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncatedSnappyIs400()
    {
        var good = Encode(Request(Series(["__name__", "t"], (T0, 1))));
        var (status, body) = await PostAsync(Content(good[..^3]));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("snappy", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadProtobufIs400()
    {
        var (status, body) = await PostAsync(Content(Snappier.Snappy.CompressToArray([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01])));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("protobuf", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyBodyIs400()
    {
        var (status, body) = await PostAsync(Content([]));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("empty", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyMessageIs204()
    {
        var (status, _) = await PostAsync(Content(new WriteRequest()));
        Assert.Equal(HttpStatusCode.NoContent, status);
    }

    [Fact]
    public async Task OversizedCompressedBodyIs400()
    {
        var random = new byte[(1 << 20) + 10];
        new Random(1).NextBytes(random);
        var (status, body) = await PostAsync(Content(random));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("body too large", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedChunkedBodyWithoutContentLengthIs400()
    {
        var random = new byte[(1 << 20) + 10];
        new Random(2).NextBytes(random);
        using var content = new StreamContent(new MemoryStream(random));
        content.Headers.TryAddWithoutValidation("Content-Type", V1ContentType);
        content.Headers.ContentEncoding.Add("snappy");
        using var request = new HttpRequestMessage(HttpMethod.Post, RemoteWriteEndpoints.Path) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var resp = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, resp.StatusCode);
        Assert.Contains("body too large", await resp.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChunkedBodyWithinLimitsIsAccepted()
    {
        var body = Encode(Request(Series(["__name__", "chunked"], (T0, 1), (T0 + 1, 2))));
        using var content = new StreamContent(new MemoryStream(body));
        content.Headers.TryAddWithoutValidation("Content-Type", V1ContentType);
        content.Headers.ContentEncoding.Add("snappy");
        using var request = new HttpRequestMessage(HttpMethod.Post, RemoteWriteEndpoints.Path) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var resp = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, resp.StatusCode);
        Assert.Equal(2, Assert.Single(_server.Read(Name("chunked"))).Samples.Count);
    }

    [Fact]
    public async Task RetryWithAChangedSampleIs400()
    {
        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(Content(Request(Series(["__name__", "c"], (T0, 1), (T0 + 1, 2), (T0 + 2, 3)))))).Status);

        var (status, body) = await PostAsync(Content(Request(Series(["__name__", "c"], (T0, 1), (T0 + 1, 9), (T0 + 2, 3)))));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("1 samples of the request are not stored", body, StringComparison.Ordinal);
        Assert.Equal(BitConverter.DoubleToUInt64Bits(2), Assert.Single(_server.Read(Name("c"))).Samples[1].Bits);
    }

    [Fact]
    public async Task OversizedDecompressedBodyIs400()
    {
        // Compresses to a few hundred KB at most but expands past the 2 MB limit.
        var big = Series(["__name__", "big", "pad", new string('x', 3 << 20)], (T0, 1));
        var compressed = Encode(Request(big));
        Assert.True(compressed.Length < 1 << 20);
        var (status, body) = await PostAsync(Content(compressed));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("body too large", body, StringComparison.Ordinal);
        Assert.Empty(_server.Read(Name("big")));
    }

    [Fact]
    public async Task EmptyMetricNameRejectsOnlyThatSeries()
    {
        var req = Request(
            Series(["job", "x"], (T0, 1), (T0 + 1, 2)),
            Series(["__name__", "", "job", "y"], (T0, 1)),
            Series(["__name__", "ok"], (T0, 3)));

        var (status, body) = await PostAsync(Content(req));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("3 samples of 2 series rejected", body, StringComparison.Ordinal);
        Assert.Contains("sample with empty metric name", body, StringComparison.Ordinal);
        Assert.Single(_server.Read(Name("ok")));
        Assert.Empty(_server.Read(Matcher.Equal("job", "x")));
    }

    [Fact]
    public async Task DuplicateLabelNamesRejectOnlyThatSeries()
    {
        var req = Request(
            Series(["__name__", "d", "a", "1", "a", "2"], (T0, 1)),
            Series(["__name__", "d", "a", "3"], (T0, 1)));

        var (status, body) = await PostAsync(Content(req));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("duplicate label name \"a\"", body, StringComparison.Ordinal);
        Assert.Equal("3", Assert.Single(_server.Read(Name("d"))).Labels.Get("a"));
    }

    [Fact]
    public async Task EmptyLabelNameIsRejected()
    {
        var (status, body) = await PostAsync(Content(Request(Series(["__name__", "e", "", "v"], (T0, 1)))));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("invalid label name", body, StringComparison.Ordinal);
        Assert.Empty(_server.Read(Name("e")));
    }

    [Fact]
    public async Task Utf8NamesAreAccepted()
    {
        var (status, _) = await PostAsync(Content(Request(Series(["__name__", "température.°C", "région", "Zürich"], (T0, 21.5)))));
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal("Zürich", Assert.Single(_server.Read(Name("température.°C"))).Labels.Get("région"));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    [InlineData("application/x-protobuf;proto=foo.Bar")]
    public async Task WrongContentTypeIs415(string contentType)
    {
        var (status, body) = await PostAsync(Content(Encode(Request(Series(["__name__", "w"], (T0, 1)))), contentType));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Contains("unsupported", body, StringComparison.Ordinal);
        Assert.Empty(_server.Read(Name("w")));
    }

    [Fact]
    public async Task WrongContentEncodingIs415()
    {
        var (status, _) = await PostAsync(Content(Encode(Request(Series(["__name__", "w"], (T0, 1)))), encoding: "gzip"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/x-protobuf;proto=prometheus.WriteRequest")]
    [InlineData("application/x-protobuf; proto=\"prometheus.WriteRequest\"")]
    public async Task V1ContentTypesAreAccepted(string? contentType)
    {
        var (status, _) = await PostAsync(Content(Encode(Request(Series(["__name__", "v1"], (T0, 1)))), contentType));
        Assert.Equal(HttpStatusCode.NoContent, status);
    }

    [Fact]
    public async Task NativeHistogramsAreRefusedButSamplesKept()
    {
        var hist = Series(["__name__", "h"]);
        hist.Histograms.Add(new Histogram { Timestamp = T0 });
        var (status, body) = await PostAsync(Content(Request(hist, Series(["__name__", "f"], (T0, 1)))));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("native histograms are not supported", body, StringComparison.Ordinal);
        Assert.Single(_server.Read(Name("f")));
    }

    [Fact]
    public async Task InvalidUtf8IsRejectedWith400()
    {
        byte[] label = [0x0a, 0x08, .. "__name__"u8, 0x12, 0x01, 0xff];
        byte[] sample = [0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x10, 0x01];
        byte[] series = [0x0a, (byte)label.Length, .. label, 0x12, (byte)sample.Length, .. sample];
        byte[] request = [0x0a, (byte)series.Length, .. series];

        var (status, body) = await PostAsync(Content(Snappier.Snappy.CompressToArray(request)));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("UTF-8", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotReadyIs503()
    {
        _server.Ready = false;
        var (status, body) = await PostAsync(Content(Request(Series(["__name__", "n"], (T0, 1)))));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("not ready", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetIs405()
    {
        using var resp = await _server.Client.GetAsync(RemoteWriteEndpoints.Path);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, resp.StatusCode);
    }
}
