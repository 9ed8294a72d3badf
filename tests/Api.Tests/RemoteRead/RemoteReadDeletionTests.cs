using Tsdb.Api.Host;
using Tsdb.Api.RemoteRead;
using Tsdb.Storage;
using static Tsdb.Api.Tests.RemoteRead.RemoteReadClient;
using MType = Tsdb.Api.RemoteRead.Proto.LabelMatcher.Types.Type;
using RType = Tsdb.Api.RemoteRead.Proto.ReadRequest.Types.ResponseType;

namespace Tsdb.Api.Tests.RemoteRead;

/// <summary>Deleted samples (tombstones, in a block and in the head) are in neither response type.</summary>
public sealed class RemoteReadDeletionTests : IDisposable
{
    private const long T0 = RemoteReadFixture.T0;
    private const long H = 3600_000;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tsdb-rr-del-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task DeletedRangesAreNotSent()
    {
        var (flags, _) = TsdbFlags.Parse(["--config.file=/dev/null", "--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + _dir]);
        await using var server = await TsdbServer.StartAsync(flags!, [(app, s) => app.MapRemoteRead(() => s.Db)], log: _ => { });
        await server.Ready;
        var db = server.Db!;
        var app = db.Appender();
        for (var t = T0; t <= T0 + (4 * H); t += 15_000)
        {
            app.Append(0, Labels.FromStrings("__name__", "d", "job", "a"), t, t % 1000);
        }

        app.Commit();
        db.Compact();
        db.Delete(T0 + (H / 2), T0 + H, Matcher.Equal("job", "a"));
        db.Delete(T0 + (3 * H), T0 + (3 * H) + 600_000, Matcher.Equal("job", "a"));

        using var client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + server.Port) };
        var query = Query(T0, T0 + (4 * H), (MType.Eq, "__name__", "d"));
        using var samplesResponse = await client.PostAsync(new Uri(RemoteReadEndpoints.Path, UriKind.Relative), Content(Request([RType.Samples], query)));
        using var streamedResponse = await client.PostAsync(new Uri(RemoteReadEndpoints.Path, UriKind.Relative), Content(Request([RType.StreamedXorChunks], query)));
        var fromSamples = DecodeSamples(await samplesResponse.Content.ReadAsByteArrayAsync()).Results[0].Timeseries.Single().Samples.Select(s => s.Timestamp).ToList();
        var fromChunks = DecodeFrames(await streamedResponse.Content.ReadAsByteArrayAsync())
            .SelectMany(f => f.Message.ChunkedSeries.Single().Chunks).SelectMany(c => DecodeChunk(c)).Select(s => s.T).ToList();

        var expected = Enumerable.Range(0, 961).Select(i => T0 + (i * 15_000L))
            .Where(t => t is not (>= T0 + (H / 2) and <= T0 + H) and not (>= T0 + (3 * H) and <= T0 + (3 * H) + 600_000)).ToList();
        Assert.Equal(expected, fromSamples);
        Assert.Equal(expected, fromChunks);
    }
}
