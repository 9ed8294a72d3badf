using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tsdb.Api.RemoteWrite;
using Tsdb.Storage;

namespace Tsdb.Api.Tests.RemoteWrite;

/// <summary>A real Kestrel server on 127.0.0.1:0 with the remote-write endpoint over a Db in a temp dir.</summary>
internal sealed class RemoteWriteServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dir;

    private RemoteWriteServer(WebApplication app, string dir, Db db, RemoteWriteHandler handler, HttpClient client)
    {
        _app = app;
        _dir = dir;
        Db = db;
        Handler = handler;
        Client = client;
    }

    public Db Db { get; }

    public RemoteWriteHandler Handler { get; }

    public HttpClient Client { get; }

    /// <summary>When false the endpoint reports storage as not ready.</summary>
    public bool Ready { get; set; } = true;

    public static async Task<RemoteWriteServer> StartAsync(RemoteWriteLimits? limits = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "tsdb-rw-" + Guid.NewGuid().ToString("N"));
        var db = Db.Open(dir);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        RemoteWriteServer? self = null;
        var handler = app.MapRemoteWrite(() => self is { Ready: true } ? self.Db : null, limits: limits);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        self = new RemoteWriteServer(app, dir, db, handler, client);
        return self;
    }

    public Task<HttpResponseMessage> PostAsync(HttpContent content) => Client.PostAsync(RemoteWriteEndpoints.Path, content);

    /// <summary>All stored samples of the series matching name=value pairs, as (t, bits).</summary>
    public List<(Labels Labels, List<(long T, ulong Bits)> Samples)> Read(params Matcher[] matchers)
    {
        using var q = Db.Querier(long.MinValue, long.MaxValue);
        var result = new List<(Labels, List<(long, ulong)>)>();
        foreach (var s in q.Select(matchers))
        {
            var samples = new List<(long, ulong)>();
            var it = s.Iterator();
            while (it.Next() != SampleKind.None)
            {
                var smp = it.At();
                samples.Add((smp.T, BitConverter.DoubleToUInt64Bits(smp.V)));
            }

            Assert.Null(it.Error);
            result.Add((s.Labels, samples));
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        Db.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
