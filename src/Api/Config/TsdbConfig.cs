using Tsdb.Config;

namespace Tsdb.Api.Config;

/// <summary>
/// A loaded prometheus.yml. Loading is all-or-nothing: any error (unknown key, bad value, a
/// section another part rejects) throws <see cref="ConfigException"/> with file and line, and the
/// caller keeps whatever configuration it was running.
/// </summary>
public sealed partial record TsdbConfig
{
    public required GlobalConfig Global { get; init; }

    /// <summary>The <c>scrape_configs</c> entries, handed to the scrape manager.</summary>
    public required IReadOnlyList<YamlMap> ScrapeConfigs { get; init; }

    /// <summary><c>rule_files</c> globs resolved against the config file's directory.</summary>
    public required IReadOnlyList<string> RuleFiles { get; init; }

    /// <summary>The <c>alerting</c> section, or null.</summary>
    public YamlMap? Alerting { get; init; }

    public required IReadOnlyList<RemoteEndpointConfig> RemoteWrite { get; init; }

    public required IReadOnlyList<RemoteEndpointConfig> RemoteRead { get; init; }

    /// <summary>The file's text as loaded.</summary>
    public required string Text { get; init; }

    /// <summary>The text with secret values replaced by &lt;secret&gt;, served by /api/v1/status/config.</summary>
    public string MaskedText => _masked ??= ConfigSecrets.Mask(Text);

    private string? _masked;

    /// <summary>The file path, or null for the embedded default.</summary>
    public string? File { get; init; }

    /// <summary>Directory that relative paths in the file are resolved against.</summary>
    public string? BaseDir { get; init; }

    private static readonly string[] Unsupported = ["scrape_config_files", "storage", "tracing", "otlp", "runtime"];

    public static TsdbConfig LoadFile(string path) => YamlConfig.ParseFile(path, (text, dir) => Parse(text, dir, path));

    public static TsdbConfig Parse(string text, string? baseDir, string? file = null)
    {
        var root = YamlConfig.Load(text, "config");
        foreach (var key in Unsupported)
        {
            if (root.Has(key))
            {
                throw root.Error(key, $"{key} is not supported by tsdb");
            }
        }

        var global = GlobalConfig.Read(root.Map("global", "global_config"));
        var ruleFiles = new List<string>();
        foreach (var (pattern, node) in root.StringList("rule_files").Zip(root.Sequence("rule_files")))
        {
            if (!IsValidGlob(pattern))
            {
                throw new ConfigException($"invalid rule file path \"{pattern}\"", YamlMap.LineOf(node));
            }

            ruleFiles.Add(HttpClientConfig.ResolvePath(pattern, baseDir));
        }

        var cfg = new TsdbConfig
        {
            Global = global,
            ScrapeConfigs = root.MapList("scrape_configs", "scrape_config"),
            RuleFiles = ruleFiles,
            Alerting = root.Map("alerting", "alerting_config"),
            RemoteWrite = root.MapList("remote_write", "remote_write_config").Select(m => RemoteEndpointConfig.Read(m, "remote_write")).ToList(),
            RemoteRead = root.MapList("remote_read", "remote_read_config").Select(m => RemoteEndpointConfig.Read(m, "remote_read")).ToList(),
            Text = text,
            File = file,
            BaseDir = baseDir,
        };
        root.RejectUnknown();
        CheckUniqueNames(cfg.RemoteWrite, root.LineOf("remote_write"));
        CheckUniqueNames(cfg.RemoteRead, root.LineOf("remote_read"));
        return cfg;
    }

    // Prometheus allows a '*' only in the last path segment (config.go patRulePath).
    private static bool IsValidGlob(string pattern) => RulePathPattern().IsMatch(pattern);

    [System.Text.RegularExpressions.GeneratedRegex(@"^[^*]*(\*[^/]*)?$")]
    private static partial System.Text.RegularExpressions.Regex RulePathPattern();

    private static void CheckUniqueNames(IReadOnlyList<RemoteEndpointConfig> endpoints, int line)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in endpoints)
        {
            if (e.Name is { Length: > 0 } n && !seen.Add(n))
            {
                throw new ConfigException($"found multiple {e.Kind.Replace('_', ' ')} configs with job name \"{n}\"", line);
            }
        }
    }
}
