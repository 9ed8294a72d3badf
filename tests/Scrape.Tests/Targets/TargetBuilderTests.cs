using Tsdb.Config;
using Tsdb.Scrape.Config;
using Tsdb.Scrape.Targets;
using Tsdb.Storage;

namespace Tsdb.Scrape.Tests.Targets;

public class TargetBuilderTests
{
    private static ScrapeConfig Cfg(string extra = "") =>
        ScrapeConfig.ReadAll(YamlConfig.Load("scrape_configs:\n  - job_name: node\n    scrape_interval: 15s\n" + extra, "c").MapList("scrape_configs", "scrape_config"), ScrapeGlobals.Default, null).Single();

    [Fact]
    public void Populate_AddsDefaultsAndInstance()
    {
        var r = TargetBuilder.Populate(Cfg(), Labels.FromStrings("__address__", "h:9100"), Labels.FromStrings("env", "prod", "__meta_x", "m"));
        Assert.Equal(
            "{__address__=\"h:9100\", __metrics_path__=\"/metrics\", __scheme__=\"http\", __scrape_interval__=\"15s\", __scrape_timeout__=\"10s\", env=\"prod\", instance=\"h:9100\", job=\"node\"}",
            r.Labels.ToString());
        Assert.Equal("m", r.Discovered.Get("__meta_x"));
        Assert.Equal("", r.Discovered.Get("instance"));
        var t = new ScrapeTarget("node", r.Labels, r.Discovered, []);
        Assert.Equal("http://h:9100/metrics", t.Url);
        Assert.Equal("{env=\"prod\", instance=\"h:9100\", job=\"node\"}", t.Labels.ToString());
    }

    [Fact]
    public void TargetLabels_WinOverGroupLabels()
    {
        var r = TargetBuilder.Populate(Cfg(), Labels.FromStrings("__address__", "h:1", "env", "t"), Labels.FromStrings("env", "g"));
        Assert.Equal("t", r.Labels.Get("env"));
    }

    [Fact]
    public void Params_BecomeLabelsAndUrl_RelabeledParamWins()
    {
        var cfg = Cfg("    params: {module: [http_2xx, b], target: [x]}\n    relabel_configs:\n      - {source_labels: [__address__], target_label: __param_target}\n      - {target_label: __address__, replacement: 'exporter:9115'}\n");
        var r = TargetBuilder.Populate(cfg, Labels.FromStrings("__address__", "example.com"), Labels.Empty);
        Assert.Equal("http_2xx", r.Discovered.Get("__param_module"));
        var t = new ScrapeTarget("node", r.Labels, r.Discovered, cfg.Params);
        Assert.Equal("http://exporter:9115/metrics?module=http_2xx&module=b&target=example.com", t.Url);
        Assert.Equal("exporter:9115", t.Labels.Get("instance"));
    }

    [Fact]
    public void PerTargetInterval_FromRelabeledLabel()
    {
        var cfg = Cfg("    relabel_configs:\n      - {target_label: __scrape_interval__, replacement: 1m}\n      - {target_label: __scrape_timeout__, replacement: 30s}\n");
        var r = TargetBuilder.Populate(cfg, Labels.FromStrings("__address__", "h:1"), Labels.Empty);
        var t = new ScrapeTarget("node", r.Labels, r.Discovered, []);
        Assert.Equal(TimeSpan.FromMinutes(1), t.Interval);
        Assert.Equal(TimeSpan.FromSeconds(30), t.Timeout);
    }

    [Theory]
    [InlineData("      - {target_label: __scrape_timeout__, replacement: 1m}\n", "scrape timeout cannot be greater than scrape interval (\"1m\" > \"15s\")")]
    [InlineData("      - {target_label: __scrape_interval__, replacement: 0s}\n", "scrape interval cannot be 0")]
    [InlineData("      - {target_label: __scrape_interval__, replacement: x}\n", "error parsing scrape interval")]
    [InlineData("      - {source_labels: [nope], target_label: __address__, regex: '(.*)', replacement: '$1'}\n", "no address")]
    public void InvalidTargets_Error(string relabel, string error)
    {
        var r = TargetBuilder.Populate(Cfg("    relabel_configs:\n" + relabel), Labels.FromStrings("__address__", "h:1"), Labels.Empty);
        Assert.True(r.Dropped);
        Assert.Contains(error, r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void DroppedByRelabel_KeepsDiscoveredLabels()
    {
        var r = TargetBuilder.Populate(Cfg("    relabel_configs:\n      - {source_labels: [env], regex: dev, action: drop}\n"), Labels.FromStrings("__address__", "h:1"), Labels.FromStrings("env", "dev"));
        Assert.True(r.Dropped);
        Assert.Null(r.Error);
        Assert.Equal("dev", r.Discovered.Get("env"));
        Assert.Equal("node", r.Discovered.Get("job"));
    }

    [Fact]
    public void ExplicitInstance_IsKept()
    {
        var r = TargetBuilder.Populate(Cfg(), Labels.FromStrings("__address__", "h:1", "instance", "mine"), Labels.Empty);
        Assert.Equal("mine", r.Labels.Get("instance"));
    }

    [Fact]
    public void Offset_IsStableAndWithinInterval()
    {
        var r = TargetBuilder.Populate(Cfg(), Labels.FromStrings("__address__", "h:1"), Labels.Empty);
        var t = new ScrapeTarget("node", r.Labels, r.Discovered, []);
        var t2 = new ScrapeTarget("node", r.Labels, r.Discovered, []);
        Assert.Equal(t.Offset(42), t2.Offset(42));
        Assert.InRange(t.Offset(42), TimeSpan.Zero, t.Interval);
        Assert.Equal(t.Hash, t2.Hash);
    }
}
