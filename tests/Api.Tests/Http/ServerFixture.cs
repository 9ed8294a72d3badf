using System.Text.Json;
using Tsdb.Api.Host;
using Tsdb.Storage;

namespace Tsdb.Api.Tests.Http;

/// <summary>A real server on 127.0.0.1:0 over a temp data dir, with samples of `up` and `m` at t = 0..600 s every 15 s.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tsdb-api-" + Guid.NewGuid().ToString("N"));

    public TsdbServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var (flags, _) = TsdbFlags.Parse(["--config.file=/dev/null", "--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + _dir]);
        Server = await TsdbServer.StartAsync(flags!, log: _ => { });
        await Server.Ready;
        var app = Server.Db!.Appender();
        for (var t = 0L; t <= 600_000; t += 15_000)
        {
            app.Append(0, Labels.FromStrings("__name__", "up", "job", "a", "instance", "x"), t, 1);
            app.Append(0, Labels.FromStrings("__name__", "up", "job", "b", "instance", "y"), t, 0);
            app.Append(0, Labels.FromStrings("__name__", "m", "job", "a"), t, t == 600_000 ? double.NaN : t / 1000.0);
        }

        app.Commit();
        Client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + Server.Port) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    public async Task<(int Status, JsonElement Body)> GetAsync(string url)
    {
        using var r = await Client.GetAsync(new Uri(url, UriKind.Relative));
        var text = await r.Content.ReadAsStringAsync();
        return ((int)r.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public async Task<(int Status, JsonElement Body)> PostAsync(string url, params (string Key, string Value)[] form)
    {
        using var content = new FormUrlEncodedContent(form.Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value)));
        using var r = await Client.PostAsync(new Uri(url, UriKind.Relative), content);
        var text = await r.Content.ReadAsStringAsync();
        return ((int)r.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }
}
