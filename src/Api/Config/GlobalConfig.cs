using Tsdb.Config;
using Tsdb.Storage;

namespace Tsdb.Api.Config;

/// <summary>
/// The <c>global</c> section of prometheus.yml: defaults for scrape configs and rule groups, and the
/// external labels added to everything that leaves the server (alerts, federation, remote read).
/// </summary>
public sealed record GlobalConfig
{
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan ScrapeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan EvaluationInterval { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan RuleQueryOffset { get; init; }

    public Labels ExternalLabels { get; init; } = Labels.Empty;

    /// <summary>Global scrape limits (0 = none), defaults for every scrape config.</summary>
    public long SampleLimit { get; init; }

    public long LabelLimit { get; init; }

    public long LabelNameLengthLimit { get; init; }

    public long LabelValueLengthLimit { get; init; }

    public long TargetLimit { get; init; }

    public long KeepDroppedTargets { get; init; }

    public long BodySizeLimit { get; init; }

    /// <summary>Global <c>scrape_protocols</c>, validated by the scrape side; empty = Prometheus's default list.</summary>
    public IReadOnlyList<string> ScrapeProtocols { get; init; } = [];

    public static GlobalConfig Read(YamlMap? map)
    {
        if (map is null)
        {
            return new GlobalConfig();
        }

        var d = new GlobalConfig();
        // Prometheus treats a zero duration here as unset.
        var interval = NonZero(map.Duration("scrape_interval")) ?? d.ScrapeInterval;
        var timeoutGiven = NonZero(map.Duration("scrape_timeout"));
        var cfg = new GlobalConfig
        {
            ScrapeInterval = interval,

            // Prometheus: an unset global timeout is the default 10s, capped at the interval.
            ScrapeTimeout = timeoutGiven ?? (interval < d.ScrapeTimeout ? interval : d.ScrapeTimeout),
            EvaluationInterval = NonZero(map.Duration("evaluation_interval")) ?? d.EvaluationInterval,
            RuleQueryOffset = map.Duration("rule_query_offset") ?? TimeSpan.Zero,
            ExternalLabels = ReadExternalLabels(map),
            SampleLimit = map.Long("sample_limit") ?? 0,
            LabelLimit = map.Long("label_limit") ?? 0,
            LabelNameLengthLimit = map.Long("label_name_length_limit") ?? 0,
            LabelValueLengthLimit = map.Long("label_value_length_limit") ?? 0,
            TargetLimit = map.Long("target_limit") ?? 0,
            KeepDroppedTargets = map.Long("keep_dropped_targets") ?? 0,
            BodySizeLimit = map.Bytes("body_size_limit") ?? 0,
            ScrapeProtocols = map.StringList("scrape_protocols"),
        };

        // Accepted because Prometheus 3 writes them in its defaults; tsdb has only one behaviour for each.
        _ = map.String("metric_name_validation_scheme");
        _ = map.String("metric_name_escaping_scheme");
        _ = map.String("query_log_file");
        _ = map.String("scrape_failure_log_file");
        map.RejectUnknown();

        if (cfg.ScrapeInterval <= TimeSpan.Zero)
        {
            throw map.Error("scrape_interval", "global scrape interval must be greater than 0");
        }

        if (cfg.ScrapeTimeout > cfg.ScrapeInterval)
        {
            throw map.Error("scrape_timeout", "global scrape timeout greater than scrape interval");
        }

        if (cfg.EvaluationInterval <= TimeSpan.Zero)
        {
            throw map.Error("evaluation_interval", "global evaluation interval must be greater than 0");
        }

        return cfg;
    }

    private static TimeSpan? NonZero(TimeSpan? d) => d == TimeSpan.Zero ? null : d;

    // external_labels values may reference environment variables as ${VAR} (Prometheus expands them on load).
    private static Labels ReadExternalLabels(YamlMap map)
    {
        var pairs = map.StringMap("external_labels");
        var labels = new List<Label>();
        foreach (var (name, raw) in pairs)
        {
            // Prometheus 3 validates names as UTF-8 (any non-empty name) and reserves the __ prefix.
            if (name.Length == 0 || name.StartsWith("__", StringComparison.Ordinal))
            {
                throw map.Error("external_labels", $"\"{name}\" is not a valid label name");
            }

            var value = ExpandEnv(raw);
            if (value.Length > 0)
            {
                labels.Add(new Label(name, value));
            }
        }

        return labels.Count == 0 ? Labels.Empty : Labels.FromUnsorted(labels);
    }

    internal static string ExpandEnv(string s)
    {
        var i = s.IndexOf("${", StringComparison.Ordinal);
        if (i < 0)
        {
            return s;
        }

        var sb = new System.Text.StringBuilder();
        var pos = 0;
        while (i >= 0)
        {
            var end = s.IndexOf('}', i + 2);
            if (end < 0)
            {
                break;
            }

            sb.Append(s, pos, i - pos).Append(Environment.GetEnvironmentVariable(s[(i + 2)..end]) ?? "");
            pos = end + 1;
            i = s.IndexOf("${", pos, StringComparison.Ordinal);
        }

        return sb.Append(s, pos, s.Length - pos).ToString();
    }
}
