using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Tsdb.Scrape.Tests.Support;
using Tsdb.Storage;

namespace Tsdb.Scrape.Tests.EndToEnd;

/// <summary>
/// Scrapes a real node_exporter (Debian package prometheus-node-exporter). The binary is required:
/// CI installs it, so a missing binary fails the test instead of skipping it.
/// </summary>
public class NodeExporterTests
{
    private const string Binary = "/usr/bin/prometheus-node-exporter";

    [Fact]
    public async Task NodeExporter_IsScraped_ThenStaleWhenItStops()
    {
        Assert.True(File.Exists(Binary), $"{Binary} not found: install it with `apt-get install -y prometheus-node-exporter` (CI does)");
        var port = FreePort();
        using var exporter = Process.Start(new ProcessStartInfo(Binary, $"--web.listen-address=127.0.0.1:{port}")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        exporter.ErrorDataReceived += (_, _) => { };
        exporter.OutputDataReceived += (_, _) => { };
        exporter.BeginErrorReadLine();
        exporter.BeginOutputReadLine();
        try
        {
            await using var h = new ScrapeHarness();
            await h.Apply($"  - job_name: node\n    scrape_interval: 1s\n    scrape_timeout: 1s\n    static_configs: [{{targets: ['127.0.0.1:{port}']}}]\n");
            await DbAssert.WaitUntil(() => h.Samples("up", Matcher.Equal("job", "node")).Count(s => s.V == 1) >= 3, TimeSpan.FromSeconds(30), "three successful scrapes of node_exporter");

            var nodeSeries = DbAssert.Series(h.Db, Matcher.Regex("__name__", "node_.+"), Matcher.Equal("job", "node"));
            Assert.True(nodeSeries.Count > 50, $"only {nodeSeries.Count} node_* series");
            Assert.All(nodeSeries, s => Assert.Equal($"127.0.0.1:{port}", s.Labels.Get("instance")));
            Assert.True(h.Samples("scrape_samples_scraped", Matcher.Equal("job", "node"))[^1].V > 50);
            Assert.Contains(h.Manager.TargetsMetadata().Single().Metadata, m => m.Metric == "node_cpu_seconds" || m.Metric == "node_cpu_seconds_total");

            exporter.Kill();
            await exporter.WaitForExitAsync();
            await DbAssert.WaitUntil(() => h.Samples("up", Matcher.Equal("job", "node"))[^1].V == 0, TimeSpan.FromSeconds(15), "up 0 after the exporter stopped");

            var stale = DbAssert.Series(h.Db, Matcher.Equal("__name__", "node_load1"), Matcher.Equal("job", "node")).Single().Samples;
            Assert.True(StaleNaN.Is(stale[^1].V), "node_load1 ends with a staleness marker");
            var after = DbAssert.Series(h.Db, Matcher.Regex("__name__", "node_.+"), Matcher.Equal("job", "node"));
            Assert.True(after.Count(s => StaleNaN.Is(s.Samples[^1].V)) >= after.Count * 9 / 10, "node_* series are marked stale");
            Assert.Equal("down", TargetHealth(h));
        }
        finally
        {
            if (!exporter.HasExited)
            {
                exporter.Kill();
            }
        }
    }

    private static string TargetHealth(ScrapeHarness h) => h.Manager.ActiveTargets().Single().HealthText;

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
