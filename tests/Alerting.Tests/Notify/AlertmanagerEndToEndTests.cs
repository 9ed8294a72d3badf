using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Tsdb.Alerting.Notify;
using Tsdb.Config;
using Tsdb.Storage;

namespace Tsdb.Alerting.Tests.Notify;

/// <summary>Forwarding to a real Alertmanager (Debian package prometheus-alertmanager).</summary>
public sealed class AlertmanagerEndToEndTests
{
    private const string Binary = "/usr/bin/prometheus-alertmanager";

    [Fact]
    public async Task Real_alertmanager_receives_firing_then_resolved_alert()
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: install the Debian package with `apt-get install -y prometheus-alertmanager`");
        var dir = Directory.CreateTempSubdirectory("tsdb-am-");
        var port = FreePort();
        File.WriteAllText(Path.Combine(dir.FullName, "am.yml"), "route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n");
        var psi = new ProcessStartInfo(Binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", $"--storage.path={dir.FullName}",
            $"--config.file={Path.Combine(dir.FullName, "am.yml")}",
        })
        {
            psi.ArgumentList.Add(arg);
        }

        using var am = Process.Start(psi)!;
        var log = new System.Text.StringBuilder();
        am.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        am.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        am.BeginErrorReadLine();
        am.BeginOutputReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitAsync(async () => (await TryGet(http, "/-/ready")) == HttpStatusCode.OK, () => "Alertmanager not ready: " + log);

            var alerting = AlertingConfig.Read(YamlConfig.Load($"alertmanagers:\n  - static_configs: [{{targets: ['127.0.0.1:{port}']}}]\n", "alerting_config"), null);
            await using var hub = new NotificationHub(null, alerting);
            var now = DateTime.UtcNow;
            var alert = new NotifierAlert(Labels.FromStrings("alertname", "TsdbE2E", "severity", "page"), Labels.FromStrings("summary", "end to end"),
                now.AddMinutes(-1), now.AddMinutes(4), "http://tsdb:9090/graph?g0.expr=up&g0.tab=1");
            hub.Send([alert]);

            JsonElement found = default;
            await WaitAsync(async () =>
            {
                var a = await FindAsync(http, "TsdbE2E");
                found = a ?? default;
                return a is not null;
            }, () => "alert never showed up in GET /api/v2/alerts; forwarder error: " + hub.Forwarders[0].LastError);
            Assert.Equal("active", found.GetProperty("status").GetProperty("state").GetString());
            Assert.Equal("end to end", found.GetProperty("annotations").GetProperty("summary").GetString());
            Assert.Equal("http://tsdb:9090/graph?g0.expr=up&g0.tab=1", found.GetProperty("generatorURL").GetString());

            hub.Send([alert with { EndsAt = DateTime.UtcNow }]);
            await WaitAsync(async () =>
            {
                var a = await FindAsync(http, "TsdbE2E");
                return a is null || DateTime.Parse(a.Value.GetProperty("endsAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime() <= DateTime.UtcNow;
            }, () => "alert never resolved");
        }
        finally
        {
            am.Kill();
            await am.WaitForExitAsync();
            dir.Delete(true);
        }
    }

    private static async Task<JsonElement?> FindAsync(HttpClient http, string name)
    {
        var body = await http.GetStringAsync("/api/v2/alerts");
        foreach (var a in JsonDocument.Parse(body).RootElement.EnumerateArray())
        {
            if (a.GetProperty("labels").TryGetProperty("alertname", out var n) && n.GetString() == name)
            {
                return a.Clone();
            }
        }

        return null;
    }

    private static async Task<HttpStatusCode?> TryGet(HttpClient http, string path)
    {
        try
        {
            using var r = await http.GetAsync(path);
            return r.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, Func<string> failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure());
            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
