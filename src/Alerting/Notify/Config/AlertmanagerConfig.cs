using Tsdb.Config;

namespace Tsdb.Alerting.Notify;

/// <summary>
/// The notification config (<c>--alertmanager.config.file</c>): the parts of Alertmanager's
/// <c>alertmanager.yml</c> that tsdb implements (global, route, receivers with Slack, PagerDuty and
/// webhook, inhibit_rules). Every Alertmanager feature it does not implement is rejected by name.
/// </summary>
public sealed class AlertmanagerConfig
{
    public required GlobalConfig Global { get; init; }

    public required RouteConfig Route { get; init; }

    public required IReadOnlyList<ReceiverConfig> Receivers { get; init; }

    public required IReadOnlyList<InhibitRuleConfig> InhibitRules { get; init; }

    /// <summary>Directory that relative <c>*_file</c> paths resolve against.</summary>
    public string? BaseDir { get; init; }

    /// <summary>Renders receiver fields: our defaults plus the <c>templates:</c> files.</summary>
    public NotificationTemplater Templater { get; init; } = NotificationTemplater.Default;

    /// <summary>The original text, so a reload with identical text can be recognised.</summary>
    public string Text { get; init; } = "";

    public static AlertmanagerConfig Load(string path) => YamlConfig.ParseFile(path, Parse);

    public static AlertmanagerConfig Parse(string text, string? baseDir)
    {
        var root = YamlConfig.Load(text, "alertmanager_config");
        ConfigReader.RejectUnsupported(root, "time intervals are not implemented", "time_intervals", "mute_time_intervals");
        ConfigReader.RejectUnsupported(root, "tracing is not implemented", "tracing");
        var global = GlobalConfig.Read(root.Map("global", "global_config"));
        var routeMap = root.Map("route", "route") ?? throw new ConfigException("no route provided in config", root.Line);
        var route = RouteConfig.Read(routeMap, null);
        var receivers = new List<ReceiverConfig>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in root.MapList("receivers", "receiver"))
        {
            var rc = ReceiverConfig.Read(r, global);
            if (!names.Add(rc.Name))
            {
                throw r.Error("name", $"notification config name \"{rc.Name}\" is not unique");
            }

            receivers.Add(rc);
        }

        var templater = ReadTemplates(root, baseDir);
        var inhibit = root.MapList("inhibit_rules", "inhibit_rule").Select(InhibitRuleConfig.Read).ToList();
        root.RejectUnknown();
        foreach (var r in route.Walk())
        {
            if (!names.Contains(r.Receiver))
            {
                throw new ConfigException($"undefined receiver \"{r.Receiver}\" used in route", r.ReceiverLine);
            }
        }

        return new AlertmanagerConfig
        {
            Global = global,
            Route = route,
            Receivers = receivers,
            InhibitRules = inhibit,
            BaseDir = baseDir,
            Text = text,
            Templater = templater,
        };
    }

    /// <summary>
    /// The <c>templates:</c> globs (relative to the config file), loaded after our defaults so
    /// their <c>define</c>s override them, as in Alertmanager. A glob matching nothing is not an error.
    /// </summary>
    private static NotificationTemplater ReadTemplates(YamlMap root, string? baseDir)
    {
        var globs = root.StringList("templates");
        if (globs.Count == 0)
        {
            return NotificationTemplater.Default;
        }

        var files = new List<(string, string)>();
        foreach (var glob in globs)
        {
            var path = HttpClientConfig.ResolvePath(glob, baseDir);
            var dir = Path.GetDirectoryName(path);
            var pattern = Path.GetFileName(path);
            if (string.IsNullOrEmpty(dir) || !Directory.Exists(dir))
            {
                continue;
            }

            foreach (var file in Directory.GetFiles(dir, pattern).Order(StringComparer.Ordinal))
            {
                try
                {
                    files.Add((Path.GetFileName(file), File.ReadAllText(file)));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw root.Error("templates", $"cannot read template file {file}: {e.Message}");
                }
            }
        }

        try
        {
            return new NotificationTemplater(files);
        }
        catch (Tsdb.Alerting.Templates.TemplateException e)
        {
            throw root.Error("templates", "failed to parse templates: " + e.Message);
        }
    }
}
