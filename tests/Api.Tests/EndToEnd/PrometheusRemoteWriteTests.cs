using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Tsdb.Api.Host;
using Tsdb.Api.RemoteWrite;

namespace Tsdb.Api.Tests.EndToEnd;

/// <summary>
/// A real Prometheus (Debian package `prometheus`) scrapes a small exporter written here every second
/// and remote-writes to tsdb; afterwards the same range queries against both return the same series
/// and values.
/// </summary>
public sealed class PrometheusRemoteWriteTests
{
    [Fact]
    public async Task RangeQueriesAgreeWithTheSendingPrometheus()
    {
        var dir = Directory.CreateTempSubdirectory("tsdb-e2e-prom-").FullName;
        await using var exporter = await StartExporter();
        var exporterPort = new Uri(exporter.Urls.First()).Port;
        var (flags, _) = TsdbFlags.Parse(["--config.file=/dev/null", "--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + Path.Combine(dir, "tsdb")]);
        await using var tsdb = await TsdbServer.StartAsync(flags!, [(app, s) => app.MapRemoteWrite(() => s.Db, s.Metadata)], _ => { });
        await tsdb.Ready;

        var promPort = PeerProcess.FreePort();
        var config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: app
                static_configs:
                  - targets: ["127.0.0.1:{exporterPort}"]
            remote_write:
              - url: http://127.0.0.1:{tsdb.Port}/api/v1/write
                queue_config:
                  batch_send_deadline: 200ms
                  max_samples_per_send: 100
                metadata_config:
                  send_interval: 1s
            """);
        using var prometheus = PeerProcess.Start("/usr/bin/prometheus", "prometheus",
            "--config.file=" + config, "--storage.tsdb.path=" + Path.Combine(dir, "prom"),
            "--web.listen-address=127.0.0.1:" + promPort.ToString(CultureInfo.InvariantCulture));
        using var promClient = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + promPort) };
        using var tsdbClient = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + tsdb.Port) };

        // Let Prometheus scrape and forward for a while.
        var started = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(60))
        {
            Assert.False(prometheus.HasExited, "prometheus exited:\n" + prometheus.Output);
            var count = await Scalar(tsdbClient, "count_over_time(app_requests_total[5m])");
            if (count >= 16)
            {
                break;
            }

            await Task.Delay(500);
        }

        // Compare a window that both have completely: it ends a few seconds before what tsdb has received.
        var tsdbLast = await Scalar(tsdbClient, "timestamp(app_requests_total)");
        Assert.True(tsdbLast > 0, "tsdb received nothing from prometheus:\n" + prometheus.Output);
        // Prometheus's remote write starts tailing its WAL a little after its first scrapes, so tsdb's
        // first samples come later: start after the earliest sample tsdb has, past the rate window.
        var tsdbFirst = await FirstTimestamp(tsdbClient, "app_requests_total{path=\"/a\"}[5m]");
        var end = Math.Floor(tsdbLast) - 1;
        var start = Math.Ceiling(tsdbFirst) + 4;
        Assert.True(end - start >= 5, $"too little data: first {tsdbFirst}, last {tsdbLast}");
        foreach (var query in new[] { "app_requests_total", "app_temperature_celsius", "up{job=\"app\"}", "rate(app_requests_total[3s])", "sum by (job) (app_requests_total)" })
        {
            var fromProm = await Range(promClient, query, start, end);
            var fromTsdb = await Range(tsdbClient, query, start, end);
            Assert.NotEmpty(fromProm);
            Assert.True(fromProm.SequenceEqual(fromTsdb), $"{query}:\nprometheus: {string.Join("\n  ", fromProm)}\ntsdb:       {string.Join("\n  ", fromTsdb)}");
        }

        // Metadata sent by Prometheus's remote write reaches /api/v1/metadata.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (!tsdb.Metadata.TryGet("app_requests_total", out _) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.True(tsdb.Metadata.TryGet("app_requests_total", out var meta));
        Assert.Equal("counter", meta!.Type);
        prometheus.Dispose();
        Directory.Delete(dir, true);
    }

    private static async Task<WebApplication> StartExporter()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        long requests = 0;
        app.MapGet("/metrics", () =>
        {
            var n = Interlocked.Add(ref requests, 7);
            var body = "# HELP app_requests_total Requests served.\n# TYPE app_requests_total counter\n"
                + $"app_requests_total{{path=\"/a\"}} {n}\napp_requests_total{{path=\"/b\"}} {n * 2}\n"
                + "# HELP app_temperature_celsius Temperature.\n# TYPE app_temperature_celsius gauge\n"
                + $"app_temperature_celsius {20 + (n % 13) * 0.25}\n";
            return Results.Text(body, "text/plain; version=0.0.4");
        });
        await app.StartAsync();
        return app;
    }

    private static async Task<double> Scalar(HttpClient client, string query)
    {
        var json = await client.GetStringAsync(new Uri("/api/v1/query?query=" + Uri.EscapeDataString(query), UriKind.Relative));
        var result = JsonDocument.Parse(json).RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? 0 : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    private static async Task<double> FirstTimestamp(HttpClient client, string matrixSelector)
    {
        var json = await client.GetStringAsync(new Uri("/api/v1/query?query=" + Uri.EscapeDataString(matrixSelector), UriKind.Relative));
        return JsonDocument.Parse(json).RootElement.GetProperty("data").GetProperty("result")[0].GetProperty("values")[0][0].GetDouble();
    }

    // Series as "labels => t:v t:v ..." strings, sorted, so both servers' answers compare as a whole.
    private static async Task<List<string>> Range(HttpClient client, string query, double start, double end)
    {
        var url = $"/api/v1/query_range?query={Uri.EscapeDataString(query)}&start={start.ToString(CultureInfo.InvariantCulture)}&end={end.ToString(CultureInfo.InvariantCulture)}&step=1";
        var json = await client.GetStringAsync(new Uri(url, UriKind.Relative));
        var result = JsonDocument.Parse(json).RootElement.GetProperty("data").GetProperty("result");
        return result.EnumerateArray()
            .Select(s => string.Join(",", s.GetProperty("metric").EnumerateObject().Select(l => l.Name + "=" + l.Value.GetString()).Order(StringComparer.Ordinal))
                + " => " + string.Join(" ", s.GetProperty("values").EnumerateArray().Select(v => v[0].GetDouble().ToString(CultureInfo.InvariantCulture) + ":" + v[1].GetString())))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
