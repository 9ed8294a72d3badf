using System.Text.Json;
using Tsdb.Api.Host;
using Tsdb.Api.RemoteWrite;
using Tsdb.Storage;

namespace Tsdb.Api.Tests.Grafana;

/// <summary>
/// A real tsdb on 127.0.0.1:0 with remote write mapped as in Program.cs, holding a small dashboard's
/// worth of data between t = 1 700 000 000 s and + 1 h: counters by job/instance/code, a gauge, and a
/// series with a UTF-8 label name; plus metric metadata.
/// </summary>
public sealed class GrafanaFixture : IAsyncLifetime, IDisposable
{
    public const long Start = 1_700_000_000;
    public const long End = Start + 3600;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tsdb-grafana-" + Guid.NewGuid().ToString("N"));

    public TsdbServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var (flags, _) = TsdbFlags.Parse(["--config.file=/dev/null", "--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + _dir]);
        Server = await TsdbServer.StartAsync(flags!, [(app, s) => app.MapRemoteWrite(() => s.Db, s.Metadata)], _ => { });
        await Server.Ready;
        var app = Server.Db!.Appender();
        for (var t = Start * 1000; t <= End * 1000; t += 15_000)
        {
            var i = (t - (Start * 1000)) / 15_000;
            foreach (var job in new[] { "api", "web" })
            {
                foreach (var code in new[] { "200", "500" })
                {
                    app.Append(0, Labels.FromStrings("__name__", "http_requests_total", "job", job, "instance", job + ":80", "code", code), t, i * (code == "200" ? 10 : 1));
                }
            }

            app.Append(0, Labels.FromStrings("__name__", "node_load1", "instance", "n1"), t, 0.5 + (i % 7) * 0.1);
            app.Append(0, Labels.FromStrings("__name__", "otel_requests", "http.status_code", "200"), t, i);
        }

        await app.CommitAsync();
        Server.Metadata.Set("http_requests_total", new MetricMetadataEntry("counter", "Total HTTP requests.", ""));
        Server.Metadata.Set("node_load1", new MetricMetadataEntry("gauge", "1m load average.", ""));
        Client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + Server.Port) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    public void Dispose() => Client?.Dispose();

    /// <summary>A POST with an application/x-www-form-urlencoded body, as Grafana's backend sends queries.</summary>
    public async Task<(int Status, JsonElement Body)> PostForm(string path, params (string Key, string Value)[] form)
    {
        using var content = new FormUrlEncodedContent(form.Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value)));
        using var r = await Client.PostAsync(new Uri(path, UriKind.Relative), content);
        return ((int)r.StatusCode, JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public async Task<(int Status, JsonElement Body)> Get(string pathAndQuery)
    {
        using var r = await Client.GetAsync(new Uri(pathAndQuery, UriKind.Relative));
        return ((int)r.StatusCode, JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
