using System.Globalization;
using System.Text;
using Tsdb.PromQL.Parser;

namespace Tsdb.Api.Host;

/// <summary>Command-line flags of the `tsdb` server, with Prometheus's names and defaults.</summary>
public sealed record TsdbFlags
{
    public string StoragePath { get; init; } = "data/";

    public string RetentionTimeText { get; init; } = "15d";

    public long RetentionTimeMs { get; init; } = 15L * 24 * 3600 * 1000;

    public string RetentionSizeText { get; init; } = "0B";

    public long RetentionSizeBytes { get; init; }

    public string ListenAddress { get; init; } = "0.0.0.0:9090";

    public bool EnableLifecycle { get; init; }

    public bool EnableAdminApi { get; init; }

    public string QueryTimeoutText { get; init; } = "2m";

    public long QueryTimeoutMs { get; init; } = 2 * 60 * 1000;

    public long QueryMaxSamples { get; init; } = 50_000_000;

    public string LookbackDeltaText { get; init; } = "5m";

    public long LookbackDeltaMs { get; init; } = 5 * 60 * 1000;

    public string LogLevel { get; init; } = "info";

    /// <summary>The prometheus.yml to load; null runs the embedded default config (see EmbeddedDefaultConfig).</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Alertmanager-format file for tsdb's own notifiers (Slack, PagerDuty, webhook); null = none.</summary>
    public string? AlertmanagerConfigFile { get; init; }

    /// <summary>The URL under which tsdb is reachable from outside (alert generator URLs, $externalURL); empty = derived from the listen address.</summary>
    public string ExternalUrl { get; init; } = "";

    public string ForOutageToleranceText { get; init; } = "1h";

    public long ForOutageToleranceMs { get; init; } = 3600 * 1000;

    public string ForGracePeriodText { get; init; } = "10m";

    public long ForGracePeriodMs { get; init; } = 10 * 60 * 1000;

    public string ResendDelayText { get; init; } = "1m";

    public long ResendDelayMs { get; init; } = 60 * 1000;

    public bool Help { get; init; }

    public bool Version { get; init; }

    private static readonly string[] BoolFlags = ["web.enable-lifecycle", "web.enable-admin-api", "help", "version"];

    private static readonly (string Name, string Default, string Help)[] Known =
    [
        ("config.file", "", "Prometheus configuration file path (default: the embedded config that scrapes tsdb itself)."),
        ("alertmanager.config.file", "", "Alertmanager-format configuration file for tsdb's own notifiers (route, receivers, inhibit_rules)."),
        ("web.external-url", "", "The URL under which tsdb is externally reachable (used in alert generator URLs)."),
        ("rules.alert.for-outage-tolerance", "1h", "Max time to tolerate outage for restoring \"for\" state of alert."),
        ("rules.alert.for-grace-period", "10m", "Minimum duration between alert and restored \"for\" state."),
        ("rules.alert.resend-delay", "1m", "Minimum amount of time to wait before resending an alert to Alertmanager."),
        ("storage.tsdb.path", "data/", "Base path for metrics storage."),
        ("storage.tsdb.retention.time", "15d", "How long to retain samples in storage."),
        ("storage.tsdb.retention.size", "0B", "Maximum number of bytes that can be stored for blocks (0 = off)."),
        ("web.listen-address", "0.0.0.0:9090", "Address to listen on for UI, API, and telemetry."),
        ("web.enable-lifecycle", "false", "Enable shutdown and reload via HTTP request."),
        ("web.enable-admin-api", "false", "Enable API endpoints for admin control actions."),
        ("query.timeout", "2m", "Maximum time a query may take before being aborted."),
        ("query.max-samples", "50000000", "Maximum number of samples a single query can load into memory."),
        ("query.lookback-delta", "5m", "The maximum lookback duration for retrieving metrics during expression evaluations."),
        ("log.level", "info", "Only log messages with the given severity or above. One of: [debug, info, warn, error]"),
        ("help", "false", "Show context-sensitive help."),
        ("version", "false", "Show application version."),
    ];

    /// <summary>Usage text listing every flag with its default.</summary>
    public static string Usage()
    {
        var sb = new StringBuilder("usage: tsdb [<flags>]\n\nThe Tsdb monitoring server\n\nFlags:\n");
        foreach (var (name, def, help) in Known)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  --{name}  {help} (default: {def})\n");
        }

        return sb.ToString();
    }

    /// <summary>Flag values as strings, for /api/v1/status/flags.</summary>
    public IReadOnlyDictionary<string, string> AsStrings() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["config.file"] = ConfigFile ?? "",
        ["alertmanager.config.file"] = AlertmanagerConfigFile ?? "",
        ["web.external-url"] = ExternalUrl,
        ["rules.alert.for-outage-tolerance"] = ForOutageToleranceText,
        ["rules.alert.for-grace-period"] = ForGracePeriodText,
        ["rules.alert.resend-delay"] = ResendDelayText,
        ["storage.tsdb.path"] = StoragePath,
        ["storage.tsdb.retention.time"] = RetentionTimeText,
        ["storage.tsdb.retention.size"] = RetentionSizeText,
        ["web.listen-address"] = ListenAddress,
        ["web.enable-lifecycle"] = EnableLifecycle ? "true" : "false",
        ["web.enable-admin-api"] = EnableAdminApi ? "true" : "false",
        ["query.timeout"] = QueryTimeoutText,
        ["query.max-samples"] = QueryMaxSamples.ToString(CultureInfo.InvariantCulture),
        ["query.lookback-delta"] = LookbackDeltaText,
        ["log.level"] = LogLevel,
    };

    /// <summary>Parses the arguments; on failure returns the kingpin-style error message (exit code 2).</summary>
    public static (TsdbFlags? Flags, string? Error) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var f = new TsdbFlags();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                return (null, $"unexpected {arg}");
            }

            var body = arg[2..];
            string name;
            string? value = null;
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                name = body[..eq];
                value = body[(eq + 1)..];
            }
            else
            {
                name = body;
            }

            if (Array.IndexOf(BoolFlags, name) >= 0)
            {
                bool b = true;
                if (value is not null && !bool.TryParse(value, out b))
                {
                    return (null, $"invalid value \"{value}\" for flag --{name}");
                }

                f = name switch
                {
                    "web.enable-lifecycle" => f with { EnableLifecycle = b },
                    "web.enable-admin-api" => f with { EnableAdminApi = b },
                    "help" => f with { Help = b },
                    _ => f with { Version = b },
                };
                continue;
            }

            if (name.StartsWith("no-", StringComparison.Ordinal) && Array.IndexOf(BoolFlags, name[3..]) >= 0 && value is null)
            {
                f = name[3..] switch
                {
                    "web.enable-lifecycle" => f with { EnableLifecycle = false },
                    "web.enable-admin-api" => f with { EnableAdminApi = false },
                    _ => f,
                };
                continue;
            }

            if (!Array.Exists(Known, k => k.Name == name))
            {
                return (null, $"unknown long flag '--{name}'");
            }

            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    return (null, $"expected argument for flag '--{name}'");
                }

                value = args[++i];
            }

            var (next, error) = Apply(f, name, value);
            if (error is not null)
            {
                return (null, error);
            }

            f = next!;
        }

        return (f, null);
    }

    private static (TsdbFlags? Flags, string? Error) Apply(TsdbFlags f, string name, string value)
    {
        switch (name)
        {
            case "config.file":
                return (f with { ConfigFile = value }, null);
            case "alertmanager.config.file":
                return (f with { AlertmanagerConfigFile = value }, null);
            case "web.external-url":
                return value.Length == 0 || Uri.TryCreate(value, UriKind.Absolute, out _)
                    ? (f with { ExternalUrl = value.TrimEnd('/') }, null)
                    : (null, $"invalid value \"{value}\" for flag --{name}: invalid URL");
            case "storage.tsdb.path":
                return (f with { StoragePath = value }, null);
            case "web.listen-address":
                return (f with { ListenAddress = value }, null);
            case "log.level":
                return value is "debug" or "info" or "warn" or "error"
                    ? (f with { LogLevel = value }, null)
                    : (null, $"enum value must be one of debug,info,warn,error, got '{value}'");
            case "query.max-samples":
                return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                    ? (f with { QueryMaxSamples = n }, null)
                    : (null, $"invalid value \"{value}\" for flag --{name}: strconv.ParseInt: parsing \"{value}\": invalid syntax");
            case "storage.tsdb.retention.size":
                return ParseBytes(value) is { } bytes
                    ? (f with { RetentionSizeText = value, RetentionSizeBytes = bytes }, null)
                    : (null, $"invalid value \"{value}\" for flag --{name}: units: unknown unit in {value}");
            default:
                if (!PromQLParser.TryParseDuration(value, out var ms))
                {
                    return (null, $"invalid value \"{value}\" for flag --{name}: not a valid duration string: \"{value}\"");
                }

                return name switch
                {
                    "storage.tsdb.retention.time" => (f with { RetentionTimeText = value, RetentionTimeMs = ms }, null),
                    "query.timeout" => (f with { QueryTimeoutText = value, QueryTimeoutMs = ms }, null),
                    "rules.alert.for-outage-tolerance" => (f with { ForOutageToleranceText = value, ForOutageToleranceMs = ms }, null),
                    "rules.alert.for-grace-period" => (f with { ForGracePeriodText = value, ForGracePeriodMs = ms }, null),
                    "rules.alert.resend-delay" => (f with { ResendDelayText = value, ResendDelayMs = ms }, null),
                    _ => (f with { LookbackDeltaText = value, LookbackDeltaMs = ms }, null),
                };
        }
    }

    /// <summary>Parses Prometheus base-2 byte sizes: 0, 512MB, 1GB, 100KB, 2TB, 10B.</summary>
    internal static long? ParseBytes(string s)
    {
        if (s == "0")
        {
            return 0;
        }

        string[] units = ["EB", "PB", "TB", "GB", "MB", "KB", "B"];
        long[] mult = [1L << 60, 1L << 50, 1L << 40, 1L << 30, 1L << 20, 1L << 10, 1];
        for (var u = 0; u < units.Length; u++)
        {
            if (s.EndsWith(units[u], StringComparison.Ordinal)
                && long.TryParse(s.AsSpan(0, s.Length - units[u].Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                try
                {
                    return checked(n * mult[u]);
                }
                catch (OverflowException)
                {
                    return null;
                }
            }
        }

        return null;
    }
}
