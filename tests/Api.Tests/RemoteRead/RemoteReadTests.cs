using System.Globalization;
using System.Net;
using System.Text.Json;
using Tsdb.Api.Http;
using Tsdb.Api.RemoteRead;
using Tsdb.Api.RemoteRead.Proto;
using Tsdb.Storage;
using static Tsdb.Api.Tests.RemoteRead.RemoteReadClient;
using static Tsdb.Api.Tests.RemoteRead.RemoteReadFixture;
using MType = Tsdb.Api.RemoteRead.Proto.LabelMatcher.Types.Type;
using RType = Tsdb.Api.RemoteRead.Proto.ReadRequest.Types.ResponseType;

namespace Tsdb.Api.Tests.RemoteRead;

public sealed class RemoteReadTests(RemoteReadFixture fixture) : IClassFixture<RemoteReadFixture>
{
    // Crosses the block/head boundary at T0 + 2 h and starts and ends inside chunks.
    private const long Start = T0 + 3_607_001;
    private const long End = T0 + 10_800_000;

    private static readonly RType[] Streamed = [RType.StreamedXorChunks];
    private static readonly RType[] Samples = [RType.Samples];

    private async Task<(HttpStatusCode Status, string? ContentType, string? Encoding, byte[] Body)> PostAsync(HttpContent content)
    {
        using var r = await fixture.Client.PostAsync(new Uri(RemoteReadEndpoints.Path, UriKind.Relative), content);
        return (r.StatusCode, r.Content.Headers.ContentType?.ToString(), string.Join(",", r.Content.Headers.ContentEncoding), await r.Content.ReadAsByteArrayAsync());
    }

    private static Labels WithExternal(Labels l) =>
        l.ToBuilder().Set("env", l.Has("env") ? l.Get("env") : "prod").Set("region", "eu").Build();

    /// <summary>Series as comparable lines: labels, then each sample as time and value bits.</summary>
    private static List<string> Flat(IEnumerable<(Labels Labels, List<(long T, ulong Bits)> Samples)> series) =>
        [.. series.Select(s => s.Labels + " " + string.Join(",", s.Samples.Select(x => $"{x.T}:{x.Bits:x}")))];

    private static List<(Labels, List<(long, ulong)>)> FromSamples(QueryResult r) =>
        [.. r.Timeseries.Select(ts => (ToLabels(ts.Labels), ts.Samples.Select(s => (s.Timestamp, BitConverter.DoubleToUInt64Bits(s.Value))).ToList()))];

    private static List<(Labels, List<(long, ulong)>)> FromFrames(List<(int Size, ChunkedReadResponse Message)> frames, long queryIndex)
    {
        var result = new List<(Labels, List<(long, ulong)>)>();
        foreach (var (_, m) in frames.Where(f => f.Message.QueryIndex == queryIndex))
        {
            var series = Assert.Single(m.ChunkedSeries);
            var labels = ToLabels(series.Labels);
            if (result.Count == 0 || !result[^1].Item1.Equals(labels))
            {
                result.Add((labels, []));
            }

            foreach (var c in series.Chunks)
            {
                var samples = DecodeChunk(c);
                Assert.True(result[^1].Item2.Count == 0 || result[^1].Item2[^1].Item1 < samples[0].T, "chunks of a series must not overlap");
                result[^1].Item2.AddRange(samples);
            }
        }

        return result;
    }

    private List<(Labels, List<(long, ulong)>)> Expected(long mint, long maxt, params Matcher[] matchers) =>
        [.. fixture.Stored(mint, maxt, matchers).Select(s => (WithExternal(s.Labels), s.Samples))];

    [Fact]
    public async Task Samples_ReturnStoredSamplesWithExternalLabels()
    {
        var req = Request(Samples, Query(Start, End, (MType.Eq, "__name__", "rr"), (MType.Re, "job", "a|b")));
        var (status, contentType, encoding, body) = await PostAsync(Content(req));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/x-protobuf", contentType);
        Assert.Equal("snappy", encoding);
        var result = Assert.Single(DecodeSamples(body).Results);
        var expected = Expected(Start, End, Matcher.Equal("__name__", "rr"));
        Assert.Equal(2, expected.Count);
        Assert.Equal(Flat(expected), Flat(FromSamples(result)));
        Assert.All(result.Timeseries, ts => Assert.InRange(ts.Samples[0].Timestamp, Start, Start + 15_000));
        Assert.All(result.Timeseries, ts => Assert.Equal(End, ts.Samples[^1].Timestamp));
    }

    [Fact]
    public async Task Samples_EqualTheQueryApiRangeSelector()
    {
        // rr[7193s] at End covers (End - 7193 s, End] = [Start, End].
        var at = (End / 1000.0).ToString(CultureInfo.InvariantCulture);
        using var api = await fixture.Client.GetAsync(new Uri($"/api/v1/query?query=rr%7Bjob%3D%22a%22%7D%5B7193s%5D&time={at}", UriKind.Relative));
        var json = JsonDocument.Parse(await api.Content.ReadAsStringAsync()).RootElement;
        var apiValues = json.GetProperty("data").GetProperty("result")[0].GetProperty("values").EnumerateArray()
            .Select(p => ((long)Math.Round(p[0].GetDouble() * 1000), p[1].GetString()!)).ToList();

        var (_, _, _, body) = await PostAsync(Content(Request(Samples, Query(Start, End, (MType.Eq, "job", "a")))));
        var (_, _, _, streamed) = await PostAsync(Content(Request(Streamed, Query(Start, End, (MType.Eq, "job", "a")))));

        var fromSamples = FromSamples(DecodeSamples(body).Results[0]).Single().Item2;
        var fromChunks = FromFrames(DecodeFrames(streamed), 0).Single().Item2;
        Assert.Equal(fromSamples, fromChunks);

        // The query API drops stale markers from range selectors; remote read returns them.
        var withoutStale = fromSamples.Where(s => !StaleNaN.Is(BitConverter.UInt64BitsToDouble(s.Item2)))
            .Select(s => (s.Item1, PromJson.FormatFloat(BitConverter.UInt64BitsToDouble(s.Item2)))).ToList();
        Assert.Equal(apiValues, withoutStale);
        Assert.Contains(fromSamples, s => StaleNaN.Is(BitConverter.UInt64BitsToDouble(s.Item2)));
    }

    [Fact]
    public async Task Streamed_SameSamplesAsSamplesResponse_ForEveryQuery()
    {
        var queries = new[]
        {
            Query(Start, End, (MType.Eq, "__name__", "rr")),
            Query(T0, T0 + Span, (MType.Nre, "job", "b"), (MType.Neq, "__name__", "")),
            Query(T0 + 60_000, T0 + 60_000, (MType.Eq, "__name__", "other")),
            Query(T0 - 10_000, T0 - 1, (MType.Eq, "__name__", "rr")),
        };
        var (s1, _, _, samplesBody) = await PostAsync(Content(Request(Samples, queries)));
        var (s2, contentType, encoding, streamedBody) = await PostAsync(Content(Request(Streamed, queries)));

        Assert.Equal(HttpStatusCode.OK, s1);
        Assert.Equal(HttpStatusCode.OK, s2);
        Assert.Equal("application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse", contentType);
        Assert.Equal("", encoding);
        var samples = DecodeSamples(samplesBody);
        var frames = DecodeFrames(streamedBody);
        for (var i = 0; i < queries.Length; i++)
        {
            var expected = FromSamples(samples.Results[i]).Where(s => s.Item2.Count > 0).ToList();
            Assert.Equal(Flat(expected), Flat(FromFrames(frames, i)));
        }

        Assert.Equal(2, FromFrames(frames, 1).Count);
        Assert.Empty(FromFrames(frames, 3));

        // Queries in order; within a query, series in label order.
        Assert.Equal(frames.Select(f => f.Message.QueryIndex).Order(), frames.Select(f => f.Message.QueryIndex));
        var all = FromFrames(frames, 1).Select(s => s.Item1).ToList();
        Assert.Equal(all.Order(), all);
    }

    [Fact]
    public async Task Streamed_ChunksInsideTheRangeAreSentAsStored()
    {
        var (_, _, _, body) = await PostAsync(Content(Request(Streamed, Query(T0, T0 + Span, (MType.Eq, "job", "b")))));
        var frames = DecodeFrames(body);
        var chunks = frames.SelectMany(f => f.Message.ChunkedSeries.Single().Chunks).ToList();
        using var q = fixture.Server.Db!.Querier(T0, T0 + Span);
        var stored = q.Select(Matcher.Equal("job", "b")).Single();

        Assert.Equal(stored.ChunkCount, chunks.Count);
        Assert.All(chunks.SkipLast(1), c => Assert.Equal(120, DecodeChunk(c).Count));
    }

    [Fact]
    public async Task Streamed_SeriesAreSplitIntoFramesNearTheLimit()
    {
        // Called directly with a 300-byte frame limit: every frame holds one series, and a frame
        // passes the limit by at most one chunk.
        using var handler = new RemoteReadHandler(new RemoteReadLimits { MaxBytesInFrame = 300 });
        var (status, body) = await InvokeAsync(handler, Request(Streamed, Query(T0, T0 + Span, (MType.Eq, "__name__", "rr"))));

        Assert.Equal(200, status);
        var frames = DecodeFrames(body);
        Assert.True(frames.Count > 10);
        Assert.All(frames, f =>
        {
            var series = Assert.Single(f.Message.ChunkedSeries);
            var lastChunk = series.Chunks[^1].CalculateSize();
            Assert.True(f.Size - lastChunk < 300, $"frame of {f.Size} bytes");
        });
        Assert.Equal(Flat(fixture.Stored(T0, T0 + Span, Matcher.Equal("__name__", "rr"))), Flat(FromFrames(frames, 0)));
    }

    [Fact]
    public async Task SampleLimit_Answers400()
    {
        using var handler = new RemoteReadHandler(new RemoteReadLimits { SampleLimit = 961 });
        var (ok, _) = await InvokeAsync(handler, Request(Samples, Query(T0, T0 + Span, (MType.Eq, "job", "a")), Query(T0, T0 + Span, (MType.Eq, "job", "b"))));
        var (status, body) = await InvokeAsync(handler, Request(Samples, Query(T0, T0 + Span, (MType.Eq, "__name__", "rr"))));

        Assert.Equal(200, ok);
        Assert.Equal(400, status);
        Assert.Equal("exceeded sample limit (961)\n", System.Text.Encoding.UTF8.GetString(body));
    }

    private async Task<(int Status, byte[] Body)> InvokeAsync(RemoteReadHandler handler, ReadRequest request)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Body = new MemoryStream(Snappier.Snappy.CompressToArray(Google.Protobuf.MessageExtensions.ToByteArray(request)));
        using var output = new MemoryStream();
        context.Response.Body = output;
        await handler.HandleAsync(context, fixture.Server.Db!);
        await context.Response.BodyWriter.FlushAsync();
        return (context.Response.StatusCode, output.ToArray());
    }

    [Fact]
    public async Task ExternalLabels_MatchEmptyInStorageAndSeriesLabelsWin()
    {
        var req = Request(Samples,
            Query(T0, T0 + Span, (MType.Eq, "region", "eu"), (MType.Eq, "job", "a")),
            Query(T0, T0 + Span, (MType.Eq, "env", "prod")),
            Query(T0, T0 + Span, (MType.Eq, "env", "x")));
        var (_, _, _, body) = await PostAsync(Content(req));
        var results = DecodeSamples(body).Results;

        Assert.Equal(Labels.FromStrings("__name__", "rr", "job", "a", "env", "prod", "region", "eu"), ToLabels(Assert.Single(results[0].Timeseries).Labels));
        Assert.Equal(2, results[1].Timeseries.Count);
        Assert.Equal(Labels.FromStrings("__name__", "other", "env", "x", "region", "eu"), ToLabels(Assert.Single(results[2].Timeseries).Labels));
    }

    [Fact]
    public async Task NoAcceptedTypes_MeansSamples()
    {
        var (status, contentType, _, body) = await PostAsync(Content(Request([], Query(Start, End, (MType.Eq, "job", "a")))));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/x-protobuf", contentType);
        Assert.Single(DecodeSamples(body).Results[0].Timeseries);
    }

    [Fact]
    public async Task FirstSupportedAcceptedTypeWins()
    {
        var (status, contentType, _, _) = await PostAsync(Content(Request([(RType)7, RType.StreamedXorChunks, RType.Samples], Query(Start, End, (MType.Eq, "job", "a")))));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("application/x-streamed-protobuf", contentType, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[]> BadBodies => new()
    {
        { "snappy", [0x40, 0x00, 0xff, 0x13, 0x77] },
        { "protobuf", Snappier.Snappy.CompressToArray([0x0a, 0xff, 0x01]) },
        { "regex", Snappier.Snappy.CompressToArray(Google.Protobuf.MessageExtensions.ToByteArray(Request(Samples, Query(0, 1, (MType.Re, "job", "(a"))))) },
        { "response type", Snappier.Snappy.CompressToArray(Google.Protobuf.MessageExtensions.ToByteArray(Request([(RType)5], Query(0, 1, (MType.Eq, "job", "a"))))) },
        { "empty", [] },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadRequests_Answer400(string what, byte[] body)
    {
        var (status, contentType, _, text) = await PostAsync(Content(body));
        Assert.True(status == HttpStatusCode.BadRequest, $"{what}: {status} {System.Text.Encoding.UTF8.GetString(text)}");
        Assert.StartsWith("text/plain", contentType, StringComparison.Ordinal);
    }
}
