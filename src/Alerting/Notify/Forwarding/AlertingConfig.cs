using Tsdb.Config;

namespace Tsdb.Alerting.Notify;

/// <summary>
/// The <c>alerting:</c> section of prometheus.yml: which Alertmanagers receive the rule engine's
/// alerts. Relabeling and service discovery are rejected by name (not implemented).
/// </summary>
public sealed record AlertingConfig
{
    public static readonly AlertingConfig Empty = new();

    public IReadOnlyList<AlertmanagerTargetConfig> Alertmanagers { get; init; } = [];

    /// <summary>Directory that relative file paths (TLS, credentials) resolve against.</summary>
    public string? BaseDir { get; init; }

    public static AlertingConfig Read(YamlMap alertingSection, string? baseDir)
    {
        ArgumentNullException.ThrowIfNull(alertingSection);
        ConfigReader.RejectUnsupported(alertingSection, "alert relabeling is not implemented", "alert_relabel_configs");
        var ams = alertingSection.MapList("alertmanagers", "alertmanager_config").Select(AlertmanagerTargetConfig.Read).ToList();
        alertingSection.RejectUnknown();
        return new AlertingConfig { Alertmanagers = ams, BaseDir = baseDir };
    }
}

/// <summary>One <c>alertmanagers</c> entry (Prometheus AlertmanagerConfig), static targets only.</summary>
public sealed record AlertmanagerTargetConfig
{
    public IReadOnlyList<string> Targets { get; init; } = [];

    public string Scheme { get; init; } = "http";

    public string PathPrefix { get; init; } = "/";

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public string ApiVersion { get; init; } = "v2";

    public HttpClientConfig HttpConfig { get; init; } = HttpClientConfig.Default;

    /// <summary>The alerts endpoint of each target: <c>&lt;scheme&gt;://&lt;target&gt;&lt;path_prefix&gt;/api/v2/alerts</c>.</summary>
    public IEnumerable<Uri> Urls => Targets.Select(t => new Uri($"{Scheme}://{t}{PathPrefix.TrimEnd('/')}/api/v2/alerts"));

    internal static AlertmanagerTargetConfig Read(YamlMap m)
    {
        ConfigReader.RejectUnsupported(m, "relabeling of Alertmanager targets is not implemented", "relabel_configs");
        ConfigReader.RejectUnsupported(m, "alert relabeling is not implemented", "alert_relabel_configs");
        ConfigReader.RejectUnsupported(m, "only static_configs discovery is implemented for alertmanagers",
            "file_sd_configs", "dns_sd_configs", "kubernetes_sd_configs", "consul_sd_configs", "ec2_sd_configs", "azure_sd_configs",
            "gce_sd_configs", "http_sd_configs", "openstack_sd_configs", "dockerswarm_sd_configs", "docker_sd_configs", "nomad_sd_configs",
            "marathon_sd_configs", "kuma_sd_configs", "eureka_sd_configs", "hetzner_sd_configs", "linode_sd_configs", "digitalocean_sd_configs",
            "lightsail_sd_configs", "scaleway_sd_configs", "triton_sd_configs", "uyuni_sd_configs", "vultr_sd_configs", "ionos_sd_configs",
            "puppetdb_sd_configs", "serverset_sd_configs", "nerve_sd_configs", "zookeeper_sd_configs", "ovhcloud_sd_configs", "stackit_sd_configs");
        ConfigReader.RejectUnsupported(m, "AWS SigV4 signing is not implemented", "sigv4");
        var targets = new List<string>();
        foreach (var sc in m.MapList("static_configs", "static_config"))
        {
            foreach (var t in sc.StringList("targets"))
            {
                if (t.Contains('/', StringComparison.Ordinal) || t.Length == 0)
                {
                    throw sc.Error("targets", $"\"{t}\" is not a valid hostname:port target");
                }

                targets.Add(t);
            }

            sc.StringMap("labels");
            sc.RejectUnknown();
        }

        var http = HttpClientConfig.Read(m);
        var c = new AlertmanagerTargetConfig
        {
            Targets = targets,
            Scheme = m.String("scheme") ?? "http",
            PathPrefix = m.String("path_prefix") ?? "/",
            Timeout = m.Duration("timeout") ?? TimeSpan.FromSeconds(10),
            ApiVersion = m.String("api_version") ?? "v2",
            HttpConfig = http,
        };
        m.RejectUnknown();
        if (c.Scheme is not ("http" or "https"))
        {
            throw m.Error("scheme", $"invalid scheme \"{c.Scheme}\" for alertmanager, must be http or https");
        }

        if (c.ApiVersion != "v2")
        {
            throw m.Error("api_version", $"expected Alertmanager api version to be one of [v2] but got {c.ApiVersion}");
        }

        if (!c.PathPrefix.StartsWith('/'))
        {
            c = c with { PathPrefix = "/" + c.PathPrefix };
        }

        return c;
    }
}
