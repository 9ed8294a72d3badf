using Tsdb.Api.Host;
using Tsdb.Api.RemoteRead;
using Tsdb.Storage;

namespace Tsdb.Api.Tests.RemoteRead;

/// <summary>
/// A real server with remote read mapped, over data that spans a persisted block and the head:
/// <c>rr{job="a"}</c> and <c>rr{job="b"}</c> every 15 s for 4 h from <see cref="T0"/>, and
/// <c>other{env="x"}</c> (a label that is also an external label) every minute.
/// </summary>
public sealed class RemoteReadFixture : IAsyncLifetime
{
    /// <summary>Aligned to the 2 h block range, so the first 2 h become one block.</summary>
    public const long T0 = 1_700_006_400_000;

    public const long Span = 4 * 3600_000;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tsdb-rr-" + Guid.NewGuid().ToString("N"));

    public TsdbServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public Labels External { get; set; } = Labels.FromStrings("env", "prod", "region", "eu");

    public static double ValueA(long t) => (t - T0) % 7_000 == 0 ? StaleNaN.Value : Math.Sin(t / 1e6) * 1000;

    public async Task InitializeAsync()
    {
        var (flags, _) = TsdbFlags.Parse(["--config.file=/dev/null", "--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + _dir]);
        Server = await TsdbServer.StartAsync(flags!, [(app, s) => app.MapRemoteRead(() => s.Db, () => External)], log: _ => { });
        await Server.Ready;
        var db = Server.Db!;
        var app = db.Appender();
        var a = Labels.FromStrings("__name__", "rr", "job", "a");
        var b = Labels.FromStrings("__name__", "rr", "job", "b");
        var other = Labels.FromStrings("__name__", "other", "env", "x");
        for (var t = T0; t <= T0 + Span; t += 15_000)
        {
            app.Append(0, a, t, ValueA(t));
            app.Append(0, b, t, (t - T0) / 15_000);
            if ((t - T0) % 60_000 == 0)
            {
                app.Append(0, other, t, 1);
            }
        }

        app.Commit();

        // The head spans 4 h > 1.5 block ranges: its first 2 h become a block.
        db.Compact();
        Assert.NotEmpty(db.Blocks);
        Client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + Server.Port) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    /// <summary>The stored samples of each series matching, straight from the querier.</summary>
    public List<(Labels Labels, List<(long T, ulong Bits)> Samples)> Stored(long mint, long maxt, params Matcher[] matchers)
    {
        using var q = Server.Db!.Querier(mint, maxt);
        var result = new List<(Labels, List<(long, ulong)>)>();
        foreach (var s in q.Select(matchers))
        {
            var samples = new List<(long, ulong)>();
            var it = s.Iterator();
            while (it.Next() == SampleKind.Float)
            {
                var smp = it.At();
                samples.Add((smp.T, BitConverter.DoubleToUInt64Bits(smp.V)));
            }

            result.Add((s.Labels, samples));
        }

        return result;
    }
}
