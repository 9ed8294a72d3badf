using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Tsdb.Api.Host;
using Tsdb.Api.RemoteRead;
using Tsdb.Storage;

namespace Tsdb.Api.Tests.RemoteRead;

/// <summary>
/// End to end: a real Prometheus (Debian package <c>prometheus</c>, installed by the test script)
/// with <c>remote_read</c> pointing at tsdb answers a query with tsdb's samples. Fails, never skips,
/// when the binary is missing.
/// </summary>
public sealed class PrometheusRemoteReadTests : IAsyncLifetime
{
    private const string PrometheusBinary = "/usr/bin/prometheus";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tsdb-rr-e2e-" + Guid.NewGuid().ToString("N"));
    private TsdbServer _server = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        var (flags, _) = TsdbFlags.Parse(["--config.file=/dev/null", "--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + Path.Combine(_dir, "tsdb")]);
        _server = await TsdbServer.StartAsync(flags!, [(app, s) => app.MapRemoteRead(() => s.Db, () => Labels.FromStrings("origin", "tsdb"))], log: _ => { });
        await _server.Ready;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task<JsonElement> QueryAsync(HttpClient client, string query, long timeMs)
    {
        var at = (timeMs / 1000.0).ToString(CultureInfo.InvariantCulture);
        using var r = await client.GetAsync(new Uri($"/api/v1/query?query={Uri.EscapeDataString(query)}&time={at}", UriKind.Relative));
        var json = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.True(r.IsSuccessStatusCode, json.ToString());
        return json.GetProperty("data").GetProperty("result");
    }

    [Fact]
    public async Task PrometheusReadsTsdbThroughRemoteRead()
    {
        Assert.True(File.Exists(PrometheusBinary), $"{PrometheusBinary} is missing: apt-get install -y prometheus");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000 * 1000;
        var app = _server.Db!.Appender();
        for (var t = now - 1_800_000; t <= now; t += 15_000)
        {
            app.Append(0, Labels.FromStrings("__name__", "e2e_metric", "job", "x"), t, (t / 15_000) % 97);
            app.Append(0, Labels.FromStrings("__name__", "e2e_metric", "job", "y"), t, 0.25);
        }

        app.Commit();

        var port = FreePort();
        var config = Path.Combine(_dir, "prometheus.yml");
        await File.WriteAllTextAsync(config,
            "global:\n  scrape_interval: 1h\nremote_read:\n" +
            $"  - url: http://127.0.0.1:{_server.Port}/api/v1/read\n    read_recent: true\n");
        using var prometheus = Process.Start(new ProcessStartInfo(PrometheusBinary)
        {
            ArgumentList =
            {
                "--config.file=" + config,
                "--storage.tsdb.path=" + Path.Combine(_dir, "prom"),
                $"--web.listen-address=127.0.0.1:{port}",
                "--log.level=warn",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var log = new System.Text.StringBuilder();
        prometheus.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        prometheus.BeginErrorReadLine();
        prometheus.BeginOutputReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                Assert.False(prometheus.HasExited, "prometheus exited: " + log);
                try
                {
                    using var ready = await client.GetAsync(new Uri("/-/ready", UriKind.Relative));
                    if (ready.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                Assert.True(DateTime.UtcNow < deadline, "prometheus not ready in 60 s: " + log);
                await Task.Delay(200);
            }

            using var ours = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_server.Port}") };
            // 7 s off the sample grid: Prometheus 2.x range windows are closed on the left, 3.x's
            // (and ours) open, which must not matter here.
            var fromPrometheus = await QueryAsync(client, "e2e_metric{origin=\"tsdb\"}[10m]", now - 7_000);
            var fromTsdb = await QueryAsync(ours, "e2e_metric[10m]", now - 7_000);

            Assert.Equal(2, fromPrometheus.GetArrayLength());
            for (var i = 0; i < 2; i++)
            {
                var metric = fromPrometheus[i].GetProperty("metric");
                Assert.Equal("tsdb", metric.GetProperty("origin").GetString());
                Assert.Equal(fromTsdb[i].GetProperty("metric").GetProperty("job").GetString(), metric.GetProperty("job").GetString());
                Assert.Equal(fromTsdb[i].GetProperty("values").ToString(), fromPrometheus[i].GetProperty("values").ToString());
                Assert.Equal(40, fromPrometheus[i].GetProperty("values").GetArrayLength());
            }

            var sum = await QueryAsync(client, "sum(e2e_metric)", now);
            var ourSum = await QueryAsync(ours, "sum(e2e_metric)", now);
            Assert.Equal(ourSum[0].GetProperty("value")[1].GetString(), sum[0].GetProperty("value")[1].GetString());
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
        }
    }
}
