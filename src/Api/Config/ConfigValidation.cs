using Tsdb.Alerting.Rules;
using Tsdb.Config;
using Tsdb.Scrape.Config;

namespace Tsdb.Api.Config;

/// <summary>
/// Validates the sections of a loaded prometheus.yml that other parts own (scrape configs, alerting,
/// rule files) with those parts' own readers, so `tsdb check config`, startup and reload agree.
/// </summary>
public static class ConfigValidation
{
    /// <summary>Throws <see cref="ConfigException"/> on the first invalid section; returns the rule files (globs resolved).</summary>
    public static IReadOnlyList<string> Validate(TsdbConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ScrapeConfig.ReadAll(config.ScrapeConfigs, ScrapeGlobalsOf(config), config.BaseDir);
        if (config.Alerting is { } alerting)
        {
            Tsdb.Alerting.Notify.AlertingConfig.Read(alerting, config.BaseDir);
        }

        return ValidateRuleFiles(config);
    }

    /// <summary>Resolves the <c>rule_files</c> globs and parses every file; throws listing every error.</summary>
    public static IReadOnlyList<string> ValidateRuleFiles(TsdbConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var files = RuleFileGlobs.Resolve(config.RuleFiles, config.BaseDir ?? Environment.CurrentDirectory);
        var errors = new List<RuleFileError>();
        foreach (var file in files)
        {
            errors.AddRange(RuleFileParser.ParseFile(file).Errors);
        }

        return errors.Count > 0 ? throw RuleFileException.From(errors) : files;
    }

    /// <summary>The scrape defaults prometheus.yml's <c>global</c> section sets.</summary>
    public static ScrapeGlobals ScrapeGlobalsOf(TsdbConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var g = config.Global;
        var protocols = new List<ScrapeProtocol>();
        foreach (var name in g.ScrapeProtocols)
        {
            protocols.Add(ScrapeProtocols.TryParse(name, out var p) ? p : throw new ConfigException($"unknown scrape protocol {name}, supported: OpenMetricsText0.0.1, OpenMetricsText1.0.0, PrometheusText0.0.4, PrometheusText1.0.0"));
        }

        return new ScrapeGlobals(g.ScrapeInterval, g.ScrapeTimeout, g.ExternalLabels)
        {
            BodySizeLimit = g.BodySizeLimit,
            SampleLimit = g.SampleLimit,
            TargetLimit = g.TargetLimit,
            LabelLimit = g.LabelLimit,
            LabelNameLengthLimit = g.LabelNameLengthLimit,
            LabelValueLengthLimit = g.LabelValueLengthLimit,
            KeepDroppedTargets = g.KeepDroppedTargets,
            ScrapeProtocols = protocols.Count == 0 ? null : protocols,
        };
    }
}
