using Tsdb.Config;
using Tsdb.Scrape.Relabel;
using YamlDotNet.RepresentationModel;

namespace Tsdb.Scrape.Config;

/// <summary>
/// One <c>scrape_configs</c> entry with Prometheus's defaults applied (config.go ScrapeConfig and
/// its Validate against the global config). Records compare structurally, so a reload can tell an
/// unchanged scrape config from a changed one.
/// </summary>
public sealed record ScrapeConfig
{
    public required string JobName { get; init; }

    public TimeSpan ScrapeInterval { get; init; }

    public TimeSpan ScrapeTimeout { get; init; }

    public string MetricsPath { get; init; } = "/metrics";

    public string Scheme { get; init; } = "http";

    /// <summary>URL parameters (<c>params</c>), each with all its values, in file order.</summary>
    public EquatableList<KeyValuePair<string, EquatableList<string>>> Params { get; init; } = EquatableList<KeyValuePair<string, EquatableList<string>>>.Empty;

    public bool HonorLabels { get; init; }

    public bool HonorTimestamps { get; init; } = true;

    public bool TrackTimestampsStaleness { get; init; }

    public bool EnableCompression { get; init; } = true;

    /// <summary>Bytes, 0 = no limit.</summary>
    public long BodySizeLimit { get; init; }

    public long SampleLimit { get; init; }

    public long LabelLimit { get; init; }

    public long LabelNameLengthLimit { get; init; }

    public long LabelValueLengthLimit { get; init; }

    public long TargetLimit { get; init; }

    public long KeepDroppedTargets { get; init; }

    public ScrapeProtocol? FallbackScrapeProtocol { get; init; }

    public EquatableList<ScrapeProtocol> ScrapeProtocols { get; init; } = Config.ScrapeProtocols.Default;

    public HttpClientConfig HttpClient { get; init; } = HttpClientConfig.Default;

    public EquatableList<StaticConfig> StaticConfigs { get; init; } = EquatableList<StaticConfig>.Empty;

    public EquatableList<FileSdConfig> FileSdConfigs { get; init; } = EquatableList<FileSdConfig>.Empty;

    public EquatableList<RelabelConfig> RelabelConfigs { get; init; } = EquatableList<RelabelConfig>.Empty;

    public EquatableList<RelabelConfig> MetricRelabelConfigs { get; init; } = EquatableList<RelabelConfig>.Empty;

    /// <summary>Directory that relative paths (secret files, TLS files) resolve against.</summary>
    public string? BaseDir { get; init; }

    // Service discovery mechanisms Prometheus has and tsdb does not: rejected by name, never ignored.
    private static readonly string[] UnsupportedSd =
    [
        "azure_sd_configs", "consul_sd_configs", "digitalocean_sd_configs", "docker_sd_configs", "dockerswarm_sd_configs",
        "dns_sd_configs", "ec2_sd_configs", "eureka_sd_configs", "gce_sd_configs", "hetzner_sd_configs", "http_sd_configs",
        "ionos_sd_configs", "kubernetes_sd_configs", "kuma_sd_configs", "lightsail_sd_configs", "linode_sd_configs",
        "marathon_sd_configs", "nerve_sd_configs", "nomad_sd_configs", "openstack_sd_configs", "ovhcloud_sd_configs",
        "puppetdb_sd_configs", "scaleway_sd_configs", "serverset_sd_configs", "stackit_sd_configs", "triton_sd_configs",
        "uyuni_sd_configs", "vultr_sd_configs",
    ];

    /// <summary>
    /// Reads every <c>scrape_configs</c> item, applies the globals, validates, and rejects duplicate
    /// job names. <paramref name="baseDir"/> is the config file's directory (relative paths).
    /// </summary>
    public static IReadOnlyList<ScrapeConfig> ReadAll(IReadOnlyList<YamlMap> items, ScrapeGlobals globals, string? baseDir)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(globals);
        var result = new List<ScrapeConfig>(items.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in items)
        {
            var cfg = Read(m, globals, baseDir);
            if (!seen.Add(cfg.JobName))
            {
                throw m.Error("job_name", $"found multiple scrape configs with job name \"{cfg.JobName}\"");
            }

            result.Add(cfg);
        }

        return result;
    }

    /// <summary>Reads one scrape config map.</summary>
    public static ScrapeConfig Read(YamlMap m, ScrapeGlobals globals, string? baseDir)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(globals);
        var job = m.String("job_name") ?? "";
        if (job.Length == 0)
        {
            throw m.Error("job_name", "job_name is empty");
        }

        foreach (var sd in UnsupportedSd)
        {
            if (m.Has(sd))
            {
                throw m.Error(sd, $"{sd} is not supported by tsdb (scrape config with job name \"{job}\"); use static_configs or file_sd_configs");
            }
        }

        var interval = m.Duration("scrape_interval") ?? TimeSpan.Zero;
        var timeout = m.Duration("scrape_timeout") ?? TimeSpan.Zero;
        var scheme = m.String("scheme") ?? "http";
        var protocols = ReadProtocols(m, job) ?? (globals.ScrapeProtocols is { } gp ? new EquatableList<ScrapeProtocol>(gp) : Config.ScrapeProtocols.Default);
        ScrapeProtocol? fallback = null;
        if (m.String("fallback_scrape_protocol") is { } fb)
        {
            if (!Config.ScrapeProtocols.TryParse(fb, out var fp))
            {
                throw m.Error("fallback_scrape_protocol", $"invalid fallback_scrape_protocol for scrape config with job name \"{job}\": unknown scrape protocol {fb}, supported: {SupportedList()}");
            }

            fallback = fp;
        }

        // Fields that only matter for native histograms or name escaping: accepted for compatibility.
        _ = m.String("metric_name_validation_scheme");
        _ = m.String("metric_name_escaping_scheme");
        _ = m.Bool("scrape_classic_histograms");
        _ = m.Bool("always_scrape_classic_histograms");
        _ = m.Bool("scrape_native_histograms");
        _ = m.Bool("convert_classic_histograms_to_nhcb");
        _ = m.Long("native_histogram_bucket_limit");
        _ = m.String("native_histogram_min_bucket_factor");

        var cfg = new ScrapeConfig
        {
            JobName = job,
            MetricsPath = m.String("metrics_path") ?? "/metrics",
            Scheme = scheme,
            Params = ReadParams(m),
            HonorLabels = m.Bool("honor_labels") ?? false,
            HonorTimestamps = m.Bool("honor_timestamps") ?? true,
            TrackTimestampsStaleness = m.Bool("track_timestamps_staleness") ?? false,
            EnableCompression = m.Bool("enable_compression") ?? true,
            BodySizeLimit = OrGlobal(m.Bytes("body_size_limit"), globals.BodySizeLimit),
            SampleLimit = OrGlobal(NonNegative(m, "sample_limit"), globals.SampleLimit),
            LabelLimit = OrGlobal(NonNegative(m, "label_limit"), globals.LabelLimit),
            LabelNameLengthLimit = OrGlobal(NonNegative(m, "label_name_length_limit"), globals.LabelNameLengthLimit),
            LabelValueLengthLimit = OrGlobal(NonNegative(m, "label_value_length_limit"), globals.LabelValueLengthLimit),
            TargetLimit = OrGlobal(NonNegative(m, "target_limit"), globals.TargetLimit),
            KeepDroppedTargets = OrGlobal(NonNegative(m, "keep_dropped_targets"), globals.KeepDroppedTargets),
            FallbackScrapeProtocol = fallback,
            ScrapeProtocols = protocols,
            HttpClient = HttpClientConfig.Read(m),
            StaticConfigs = new(m.MapList("static_configs", "targetgroup.Group").Select(StaticConfig.Read)),
            FileSdConfigs = new(m.MapList("file_sd_configs", "file.SDConfig").Select(f => FileSdConfig.Read(f, baseDir))),
            RelabelConfigs = new(RelabelConfig.ReadList(m, "relabel_configs")),
            MetricRelabelConfigs = new(RelabelConfig.ReadList(m, "metric_relabel_configs")),
            BaseDir = baseDir,
        };
        m.RejectUnknown();

        if (scheme is not ("http" or "https"))
        {
            throw m.Error("scheme", $"invalid scheme \"{scheme}\" for scrape config with job name \"{job}\": must be http or https");
        }

        if (!cfg.MetricsPath.StartsWith('/'))
        {
            throw m.Error("metrics_path", $"metrics_path \"{cfg.MetricsPath}\" must start with '/' (job name \"{job}\")");
        }

        // config.go: URLs put into static targets are a common mistake; only checked without relabeling,
        // since relabel_configs may legitimately rewrite __address__.
        if (cfg.RelabelConfigs.Count == 0)
        {
            foreach (var sc in cfg.StaticConfigs)
            {
                foreach (var t in sc.Targets)
                {
                    if (t.Contains('/', StringComparison.Ordinal))
                    {
                        throw m.Error("static_configs", $"\"{t}\" is not a valid hostname");
                    }
                }
            }
        }

        // config.go ScrapeConfig.Validate, in its order.
        if (interval == TimeSpan.Zero)
        {
            interval = globals.ScrapeInterval;
        }

        if (timeout > interval)
        {
            throw m.Error("scrape_timeout", $"scrape timeout greater than scrape interval for scrape config with job name \"{job}\"");
        }

        if (timeout == TimeSpan.Zero)
        {
            timeout = globals.ScrapeTimeout > interval ? interval : globals.ScrapeTimeout;
        }

        return cfg with { ScrapeInterval = interval, ScrapeTimeout = timeout };
    }

    private static long OrGlobal(long? value, long global) => value is null or 0 ? global : value.Value;

    private static long? NonNegative(YamlMap m, string key)
    {
        var v = m.Long(key);
        return v < 0 ? throw m.Error(key, $"cannot unmarshal !!int `{v}` into uint") : v;
    }

    private static EquatableList<ScrapeProtocol>? ReadProtocols(YamlMap m, string job)
    {
        if (!m.Has("scrape_protocols"))
        {
            return null;
        }

        var names = m.StringList("scrape_protocols");
        if (names.Count == 0)
        {
            throw m.Error("scrape_protocols", $"scrape_protocols cannot be empty for scrape config with job name \"{job}\"");
        }

        var list = new List<ScrapeProtocol>();
        foreach (var n in names)
        {
            if (n == "PrometheusProto")
            {
                throw m.Error("scrape_protocols", $"scrape protocol PrometheusProto is not supported by tsdb (job name \"{job}\")");
            }

            if (!Config.ScrapeProtocols.TryParse(n, out var p))
            {
                throw m.Error("scrape_protocols", $"unknown scrape protocol {n}, supported: {SupportedList()} for scrape config with job name \"{job}\"");
            }

            if (list.Contains(p))
            {
                throw m.Error("scrape_protocols", $"duplicated protocol in scrape_protocols, got [{string.Join(' ', names)}] for scrape config with job name \"{job}\"");
            }

            list.Add(p);
        }

        return new EquatableList<ScrapeProtocol>(list);
    }

    private static string SupportedList() => "[" + string.Join(' ', Enum.GetValues<ScrapeProtocol>().Select(Config.ScrapeProtocols.Name)) + "]";

    private static EquatableList<KeyValuePair<string, EquatableList<string>>> ReadParams(YamlMap m)
    {
        if (m.Node("params") is not { } n)
        {
            return EquatableList<KeyValuePair<string, EquatableList<string>>>.Empty;
        }

        if (n is not YamlMappingNode map)
        {
            throw m.Error("params", "cannot unmarshal params into url.Values");
        }

        var list = new List<KeyValuePair<string, EquatableList<string>>>();
        foreach (var (k, v) in map.Children)
        {
            var values = v switch
            {
                YamlSequenceNode seq => seq.Children.Select(c => c is YamlScalarNode s ? s.Value ?? "" : throw m.Error("params", "params values must be strings")),
                YamlScalarNode s => [s.Value ?? ""],
                _ => throw m.Error("params", "params values must be lists of strings"),
            };
            list.Add(new(((YamlScalarNode)k).Value ?? "", new EquatableList<string>(values)));
        }

        return new(list);
    }
}
