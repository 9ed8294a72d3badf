using Tsdb.Config;
using Tsdb.Scrape.Config;
using Tsdb.Storage;

namespace Tsdb.Scrape.Tests.Config;

public class ScrapeConfigTests
{
    private static IReadOnlyList<ScrapeConfig> Read(string yaml, ScrapeGlobals? globals = null)
    {
        var root = YamlConfig.Load(yaml, "config");
        var items = root.MapList("scrape_configs", "scrape_config");
        return ScrapeConfig.ReadAll(items, globals ?? ScrapeGlobals.Default, "/etc/prom");
    }

    [Fact]
    public void Defaults_FollowPrometheus()
    {
        var c = Read("scrape_configs:\n  - job_name: a\n").Single();
        Assert.Equal("a", c.JobName);
        Assert.Equal(TimeSpan.FromMinutes(1), c.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), c.ScrapeTimeout);
        Assert.Equal("/metrics", c.MetricsPath);
        Assert.Equal("http", c.Scheme);
        Assert.False(c.HonorLabels);
        Assert.True(c.HonorTimestamps);
        Assert.False(c.TrackTimestampsStaleness);
        Assert.True(c.EnableCompression);
        Assert.Equal(0, c.SampleLimit);
        Assert.Equal(0, c.BodySizeLimit);
        Assert.Null(c.FallbackScrapeProtocol);
        Assert.Equal(ScrapeProtocols.Default, c.ScrapeProtocols);
        Assert.Empty(c.StaticConfigs);
    }

    [Fact]
    public void AllFields_AreRead()
    {
        var c = Read("""
            scrape_configs:
              - job_name: full
                scrape_interval: 30s
                scrape_timeout: 5s
                metrics_path: /m
                scheme: https
                params: {module: [http_2xx, other], x: [y]}
                honor_labels: true
                honor_timestamps: false
                track_timestamps_staleness: true
                enable_compression: false
                body_size_limit: 10MB
                sample_limit: 100
                label_limit: 30
                label_name_length_limit: 200
                label_value_length_limit: 300
                target_limit: 5
                keep_dropped_targets: 7
                fallback_scrape_protocol: PrometheusText0.0.4
                scrape_protocols: [PrometheusText0.0.4]
                basic_auth: {username: u, password: p}
                static_configs:
                  - targets: ['h:1', 'h:2']
                    labels: {env: prod}
                file_sd_configs:
                  - files: ['sd/*.json']
                    refresh_interval: 1m
                relabel_configs:
                  - source_labels: [env]
                    target_label: e
                metric_relabel_configs:
                  - regex: 'go_.*'
                    source_labels: [__name__]
                    action: drop
            """).Single();
        Assert.Equal(TimeSpan.FromSeconds(30), c.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), c.ScrapeTimeout);
        Assert.Equal("/m", c.MetricsPath);
        Assert.Equal("https", c.Scheme);
        Assert.Equal(["http_2xx", "other"], c.Params.Single(p => p.Key == "module").Value);
        Assert.True(c.HonorLabels);
        Assert.False(c.HonorTimestamps);
        Assert.True(c.TrackTimestampsStaleness);
        Assert.False(c.EnableCompression);
        Assert.Equal(10L << 20, c.BodySizeLimit);
        Assert.Equal(100, c.SampleLimit);
        Assert.Equal(30, c.LabelLimit);
        Assert.Equal(200, c.LabelNameLengthLimit);
        Assert.Equal(300, c.LabelValueLengthLimit);
        Assert.Equal(5, c.TargetLimit);
        Assert.Equal(7, c.KeepDroppedTargets);
        Assert.Equal(ScrapeProtocol.PrometheusText004, c.FallbackScrapeProtocol);
        Assert.Equal([ScrapeProtocol.PrometheusText004], c.ScrapeProtocols);
        Assert.Equal("u", c.HttpClient.BasicAuth!.Username);
        Assert.Equal(["h:1", "h:2"], c.StaticConfigs.Single().Targets);
        Assert.Equal(Path.Combine("/etc/prom", "sd/*.json"), c.FileSdConfigs.Single().Files.Single());
        Assert.Equal(TimeSpan.FromMinutes(1), c.FileSdConfigs.Single().RefreshInterval);
        Assert.Single(c.RelabelConfigs);
        Assert.Single(c.MetricRelabelConfigs);
    }

    [Fact]
    public void Globals_ApplyWhereUnset()
    {
        var g = new ScrapeGlobals(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20), Labels.Empty) { SampleLimit = 9, BodySizeLimit = 100 };
        var c = Read("scrape_configs:\n  - job_name: a\n  - job_name: b\n    sample_limit: 3\n", g);
        Assert.Equal(TimeSpan.FromSeconds(15), c[0].ScrapeInterval);
        // Global timeout above the interval is clamped to the interval (config.go).
        Assert.Equal(TimeSpan.FromSeconds(15), c[0].ScrapeTimeout);
        Assert.Equal(9, c[0].SampleLimit);
        Assert.Equal(3, c[1].SampleLimit);
        Assert.Equal(100, c[1].BodySizeLimit);
    }

    [Fact]
    public void Equality_DetectsUnchangedAndChanged()
    {
        const string Yaml = "scrape_configs:\n  - job_name: a\n    static_configs: [{targets: ['x:1'], labels: {a: b}}]\n    relabel_configs: [{target_label: t, replacement: v}]\n    params: {m: [x]}\n";
        Assert.Equal(Read(Yaml).Single(), Read(Yaml).Single());
        Assert.NotEqual(Read(Yaml).Single(), Read(Yaml.Replace("x:1", "x:2", StringComparison.Ordinal)).Single());
        Assert.NotEqual(Read(Yaml).Single(), Read(Yaml.Replace("replacement: v", "replacement: w", StringComparison.Ordinal)).Single());
    }

    public static TheoryData<string, int, string> Invalid => new()
    {
        { "scrape_configs:\n  - job_name: x\n    scrape_interval: 5s\n    scrape_timeout: 10s\n", 4, "scrape timeout greater than scrape interval for scrape config with job name \"x\"" },
        { "scrape_configs:\n  - job_name: x\n  - job_name: x\n", 3, "found multiple scrape configs with job name \"x\"" },
        { "scrape_configs:\n  - job_name: x\n    scheme: ftp\n", 3, "invalid scheme \"ftp\"" },
        { "scrape_configs:\n  - job_name: x\n    bogus: 1\n", 3, "field bogus not found in type scrape_config" },
        { "scrape_configs:\n  - job_name: x\n    kubernetes_sd_configs: [{role: pod}]\n", 3, "kubernetes_sd_configs is not supported by tsdb" },
        { "scrape_configs:\n  - job_name: x\n    consul_sd_configs: [{}]\n", 3, "consul_sd_configs is not supported by tsdb" },
        { "scrape_configs:\n  - scrape_interval: 1m\n", 2, "job_name is empty" },
        { "scrape_configs:\n  - job_name: x\n    static_configs:\n      - targets: ['http://h:1/metrics']\n", 3, "\"http://h:1/metrics\" is not a valid hostname" },
        { "scrape_configs:\n  - job_name: x\n    static_configs:\n      - targets: ['h:1']\n        foo: 1\n", 5, "field foo not found in type targetgroup.Group" },
        { "scrape_configs:\n  - job_name: x\n    scrape_interval: 1x\n", 3, "not a valid duration string" },
        { "scrape_configs:\n  - job_name: x\n    scrape_protocols: [Bogus]\n", 3, "unknown scrape protocol Bogus" },
        { "scrape_configs:\n  - job_name: x\n    scrape_protocols: [PrometheusText0.0.4, PrometheusText0.0.4]\n", 3, "duplicated protocol in scrape_protocols" },
        { "scrape_configs:\n  - job_name: x\n    fallback_scrape_protocol: nope\n", 3, "invalid fallback_scrape_protocol for scrape config with job name \"x\"" },
        { "scrape_configs:\n  - job_name: x\n    file_sd_configs:\n      - files: ['a/*/b.json']\n", 4, "path name \"a/*/b.json\" is not valid for file discovery" },
        { "scrape_configs:\n  - job_name: x\n    file_sd_configs:\n      - files: ['a.txt']\n", 4, "path name \"a.txt\" is not valid for file discovery" },
        { "scrape_configs:\n  - job_name: x\n    relabel_configs:\n      - action: hashmod\n        target_label: a\n", 4, "relabel configuration for hashmod requires non-zero modulus" },
        { "scrape_configs:\n  - job_name: x\n    metric_relabel_configs:\n      - action: replace\n", 4, "relabel configuration for replace action requires 'target_label' value" },
        { "scrape_configs:\n  - job_name: x\n    sample_limit: -1\n", 3, "cannot unmarshal" },
        { "scrape_configs:\n  - job_name: x\n    body_size_limit: lots\n", 3, "invalid size" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_IsRejectedWithLine(string yaml, int line, string message)
    {
        var e = Assert.Throws<ConfigException>(() => Read(yaml));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(line, e.Line);
    }

    [Fact]
    public void AcceptHeader_IsPrometheusDefault()
    {
        Assert.Equal(
            "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1",
            ScrapeProtocols.AcceptHeader(ScrapeProtocols.Default));
    }
}
