using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Tsdb.Api.Host;

namespace Tsdb.Api.Tests.Integration;

/// <summary>
/// The whole server from one prometheus.yml: a scrape job against a local exporter, a rule file with
/// a recording and an alerting rule, and tsdb's own webhook receiver from an Alertmanager-format
/// file. Checks the data, the targets/rules/alerts APIs and the notification, then reloads.
/// </summary>
public sealed class FullServerTests
{
    [Fact]
    public async Task ScrapeRulesAndNotificationsRunFromOneConfig()
    {
        var dir = Directory.CreateTempSubdirectory("tsdb-full-").FullName;
        var hooks = new ConcurrentQueue<JsonElement>();
        await using var peer = await StartPeer(hooks);
        var peerPort = new Uri(peer.Urls.First()).Port.ToString(CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(Path.Combine(dir, "rules.yml"), """
            groups:
              - name: app
                interval: 1s
                rules:
                  - record: job:app_requests:sum
                    expr: sum by (job) (app_requests_total)
                  - alert: AppRequestsHigh
                    expr: job:app_requests:sum > 0
                    labels:
                      severity: page
                    annotations:
                      summary: "{{ $labels.job }} has {{ $value }} requests"
            """);
        await File.WriteAllTextAsync(Path.Combine(dir, "alertmanager.yml"), $"""
            route:
              receiver: hook
              group_by: [alertname]
              group_wait: 1s
              group_interval: 1s
            receivers:
              - name: hook
                webhook_configs:
                  - url: http://127.0.0.1:{peerPort}/hook
            """);
        var config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
              external_labels:
                cluster: test
            rule_files: ["rules.yml"]
            scrape_configs:
              - job_name: app
                static_configs:
                  - targets: ["127.0.0.1:{peerPort}"]
            """);
        var (flags, error) = TsdbFlags.Parse(["--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + Path.Combine(dir, "data"),
            "--config.file=" + config, "--alertmanager.config.file=" + Path.Combine(dir, "alertmanager.yml"), "--web.enable-lifecycle"]);
        Assert.Null(error);
        await using var server = await TsdbServer.StartAsync(flags!, log: _ => { });
        await server.Ready;
        using var client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + server.Port) };

        // Scraped samples and the recording rule's output arrive.
        await Eventually(async () => await Value(client, "up{job=\"app\"}") == 1, "up{job=\"app\"} == 1");
        await Eventually(async () => await Value(client, "job:app_requests:sum") > 0, "recorded series");

        // Targets API.
        var targets = await Data(client, "/api/v1/targets");
        var target = targets.GetProperty("activeTargets")[0];
        Assert.Equal("app", target.GetProperty("scrapePool").GetString());
        Assert.Equal("up", target.GetProperty("health").GetString());
        Assert.Equal($"http://127.0.0.1:{peerPort}/metrics", target.GetProperty("scrapeUrl").GetString());
        Assert.Equal("1s", target.GetProperty("scrapeInterval").GetString());

        // Rules and alerts APIs: the alert fires at once (no `for`).
        await Eventually(async () => (await Data(client, "/api/v1/alerts")).GetProperty("alerts").GetArrayLength() == 1, "one firing alert");
        var alert = (await Data(client, "/api/v1/alerts")).GetProperty("alerts")[0];
        Assert.Equal("firing", alert.GetProperty("state").GetString());
        Assert.Equal("page", alert.GetProperty("labels").GetProperty("severity").GetString());
        Assert.StartsWith("app has ", alert.GetProperty("annotations").GetProperty("summary").GetString(), StringComparison.Ordinal);
        var groups = (await Data(client, "/api/v1/rules")).GetProperty("groups");
        Assert.Equal("app", groups[0].GetProperty("name").GetString());
        Assert.Equal(["recording", "alerting"], groups[0].GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("type").GetString()));
        Assert.Equal(1, (await Data(client, "/api/v1/rules?type=record")).GetProperty("groups")[0].GetProperty("rules").GetArrayLength());
        await Eventually(async () => await Value(client, "ALERTS{alertname=\"AppRequestsHigh\",alertstate=\"firing\"}") == 1, "ALERTS series");

        // The webhook receiver got the firing notification, with external labels added to the alert.
        await Eventually(() => Task.FromResult(!hooks.IsEmpty), "a webhook notification");
        Assert.True(hooks.TryPeek(out var hook));
        Assert.Equal("4", hook.GetProperty("version").GetString());
        Assert.Equal("firing", hook.GetProperty("status").GetString());
        var hookAlert = hook.GetProperty("alerts")[0];
        Assert.Equal("AppRequestsHigh", hookAlert.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.Equal("test", hookAlert.GetProperty("labels").GetProperty("cluster").GetString());

        // A reload that drops the rule file: the groups go away; a broken rule file is rejected and changes nothing.
        await File.WriteAllTextAsync(Path.Combine(dir, "rules.yml"), "groups:\n  - name: app\n    rules:\n      - record: x\n        expr: sum(\n");
        using (var r = await client.PostAsync(new Uri("/-/reload", UriKind.Relative), null))
        {
            Assert.Equal(500, (int)r.StatusCode);
        }

        Assert.Equal(1, (await Data(client, "/api/v1/rules")).GetProperty("groups").GetArrayLength());
        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(config)).Replace("rule_files: [\"rules.yml\"]", "rule_files: []", StringComparison.Ordinal));
        using (var r = await client.PostAsync(new Uri("/-/reload", UriKind.Relative), null))
        {
            Assert.Equal(200, (int)r.StatusCode);
        }

        Assert.Equal(0, (await Data(client, "/api/v1/rules")).GetProperty("groups").GetArrayLength());
        Assert.Equal("up", (await Data(client, "/api/v1/targets")).GetProperty("activeTargets")[0].GetProperty("health").GetString());
        await server.DisposeAsync();
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task WithoutAConfigFileTsdbScrapesItself()
    {
        var dir = Directory.CreateTempSubdirectory("tsdb-self-").FullName;
        var (flags, _) = TsdbFlags.Parse(["--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + dir]);
        await using var server = await TsdbServer.StartAsync(flags!, log: _ => { });
        await server.Ready;
        using var client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + server.Port) };
        var target = (await Data(client, "/api/v1/targets")).GetProperty("activeTargets")[0];
        Assert.Equal("tsdb", target.GetProperty("scrapePool").GetString());
        Assert.Equal($"http://127.0.0.1:{server.Port}/metrics", target.GetProperty("scrapeUrl").GetString());

        // The embedded config scrapes every 15 s at a per-target offset: the first scrape comes within one interval.
        await Eventually(async () => await Value(client, "up{job=\"tsdb\"}") == 1, "self-scrape up == 1", TimeSpan.FromSeconds(40),
            async () => (await Data(client, "/api/v1/targets")).ToString());
        Assert.Equal(1, await Value(client, "prometheus_build_info{job=\"tsdb\"}"));
        await server.DisposeAsync();
        Directory.Delete(dir, true);
    }

    private static async Task<WebApplication> StartPeer(ConcurrentQueue<JsonElement> hooks)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        long n = 0;
        app.MapGet("/metrics", () => Results.Text($"# TYPE app_requests_total counter\napp_requests_total{{path=\"/\"}} {Interlocked.Increment(ref n)}\n", "text/plain; version=0.0.4"));
        app.MapPost("/hook", async (HttpContext c) =>
        {
            hooks.Enqueue((await JsonDocument.ParseAsync(c.Request.Body)).RootElement.Clone());
            return Results.Ok();
        });
        await app.StartAsync();
        return app;
    }

    private static async Task Eventually(Func<Task<bool>> condition, string what, TimeSpan? within = null, Func<Task<string>>? explain = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what + (explain is null ? "" : ": " + await explain()));
            await Task.Delay(200);
        }
    }

    private static async Task<JsonElement> Data(HttpClient client, string url)
    {
        var json = await client.GetStringAsync(new Uri(url, UriKind.Relative));
        return JsonDocument.Parse(json).RootElement.GetProperty("data").Clone();
    }

    private static async Task<double> Value(HttpClient client, string query)
    {
        var result = (await Data(client, "/api/v1/query?query=" + Uri.EscapeDataString(query))).GetProperty("result");
        return result.GetArrayLength() == 0 ? double.NaN : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }
}
