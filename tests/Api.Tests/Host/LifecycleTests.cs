using System.Diagnostics;
using System.Text.Json;
using Tsdb.Api.Host;
using Tsdb.Config;

namespace Tsdb.Api.Tests.Host;

public sealed class LifecycleTests : IAsyncLifetime, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tsdb-life-").FullName;
    private TsdbServer _server = null!;
    private HttpClient _client = null!;

    public void Dispose() => _client?.Dispose();

    private string ConfigPath => Path.Combine(_dir, "prometheus.yml");

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(ConfigPath, "global:\n  scrape_interval: 15s\n");
        var (flags, _) = TsdbFlags.Parse(["--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + Path.Combine(_dir, "data"), "--config.file=" + ConfigPath, "--web.enable-lifecycle"]);
        _server = await TsdbServer.StartAsync(flags!, log: _ => { });
        await _server.Ready;
        _client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + _server.Port) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    [Fact]
    public async Task ReloadAppliesAGoodFileAndRejectsABadOneKeepingTheOld()
    {
        await File.WriteAllTextAsync(ConfigPath, "global:\n  scrape_interval: 30s\n");
        using (var r = await _client.PostAsync(new Uri("/-/reload", UriKind.Relative), null))
        {
            Assert.Equal(200, (int)r.StatusCode);
        }

        Assert.Equal(TimeSpan.FromSeconds(30), _server.Config.Global.ScrapeInterval);
        Assert.Contains("30s", await YamlFromApi(), StringComparison.Ordinal);

        await File.WriteAllTextAsync(ConfigPath, "global:\n  scrape_interval: 30s\n  nonsense: true\n");
        using (var r = await _client.PostAsync(new Uri("/-/reload", UriKind.Relative), null))
        {
            Assert.Equal(500, (int)r.StatusCode);
            var body = await r.Content.ReadAsStringAsync();
            Assert.Contains("failed to reload config: " + ConfigPath + ": line 3: field nonsense not found in type global_config", body, StringComparison.Ordinal);
        }

        Assert.Equal(TimeSpan.FromSeconds(30), _server.Config.Global.ScrapeInterval);
        Assert.False(_server.LastReloadSucceeded);
        var info = await GetJson("/api/v1/status/runtimeinfo");
        Assert.False(info.GetProperty("data").GetProperty("reloadConfigSuccess").GetBoolean());
        Assert.Contains("prometheus_config_last_reload_successful 0\n", await _client.GetStringAsync(new Uri("/metrics", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SighupReloadsTheFile()
    {
        await File.WriteAllTextAsync(ConfigPath, "global:\n  evaluation_interval: 45s\n");
        using (var kill = Process.Start("kill", ["-HUP", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_server.Config.Global.EvaluationInterval != TimeSpan.FromSeconds(45) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(TimeSpan.FromSeconds(45), _server.Config.Global.EvaluationInterval);
    }

    [Fact]
    public async Task LifecycleEndpointsAreForbiddenWhenDisabled()
    {
        var dir = Directory.CreateTempSubdirectory("tsdb-life-off-").FullName;
        var (flags, _) = TsdbFlags.Parse(["--config.file=/dev/null", "--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + dir]);
        await using var server = await TsdbServer.StartAsync(flags!, log: _ => { });
        using var client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + server.Port) };
        using var r = await client.PostAsync(new Uri("/-/reload", UriKind.Relative), null);
        Assert.Equal(403, (int)r.StatusCode);
        Assert.Equal("Lifecycle API is not enabled.", await r.Content.ReadAsStringAsync());
        using var q = await client.PostAsync(new Uri("/-/quit", UriKind.Relative), null);
        Assert.Equal(403, (int)q.StatusCode);
        await server.DisposeAsync();
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ABadConfigFileStopsStartup()
    {
        var bad = Path.Combine(_dir, "bad.yml");
        await File.WriteAllTextAsync(bad, "scrape_configs: {a: 1}\n");
        var (flags, _) = TsdbFlags.Parse(["--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + Path.Combine(_dir, "d2"), "--config.file=" + bad]);
        var e = await Assert.ThrowsAsync<ConfigException>(() => TsdbServer.StartAsync(flags!, log: _ => { }));
        Assert.StartsWith(bad + ": line 1:", e.Describe(), StringComparison.Ordinal);

        var exit = await TsdbHost.RunAsync(["--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + Path.Combine(_dir, "d3"), "--config.file=" + Path.Combine(_dir, "missing.yml")]);
        Assert.Equal(1, exit);
    }

    [Fact]
    public async Task StorageThatCannotOpenEndsTheProcessWithExitCode1()
    {
        // A regular file where the data directory should be: Db.Open fails, the host stops by itself.
        var notADir = Path.Combine(_dir, "file");
        await File.WriteAllTextAsync(notADir, "x");
        var run = TsdbHost.RunAsync(["--config.file=/dev/null", "--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + notADir]);
        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))));
        Assert.Equal(1, await run);
    }

    private async Task<string> YamlFromApi() =>
        (await GetJson("/api/v1/status/config")).GetProperty("data").GetProperty("yaml").GetString()!;

    private async Task<JsonElement> GetJson(string url) =>
        JsonDocument.Parse(await _client.GetStringAsync(new Uri(url, UriKind.Relative))).RootElement.Clone();
}
