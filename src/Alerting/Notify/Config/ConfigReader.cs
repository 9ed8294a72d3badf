using Tsdb.Config;

namespace Tsdb.Alerting.Notify;

/// <summary>Shared reading helpers for the Alertmanager-format config: rejection by name, matchers, URLs, templates.</summary>
internal static class ConfigReader
{
    /// <summary>
    /// Fails on fields Alertmanager knows but tsdb does not implement, naming them, so a reused
    /// alertmanager.yml never loses part of its meaning silently.
    /// </summary>
    public static void RejectUnsupported(YamlMap map, string reason, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (map.Has(key))
            {
                throw map.Error(key, $"{key} in {map.TypeName} is not supported by tsdb ({reason})");
            }
        }
    }

    public static List<LabelMatcher> Matchers(YamlMap map, string key)
    {
        var result = new List<LabelMatcher>();
        foreach (var node in map.Sequence(key))
        {
            var text = node is YamlDotNet.RepresentationModel.YamlScalarNode s ? s.Value ?? "" : throw new ConfigException($"{key} must be a list of strings", YamlMap.LineOf(node));
            try
            {
                result.AddRange(MatcherParser.Parse(text));
            }
            catch (FormatException e)
            {
                throw new ConfigException(e.Message, YamlMap.LineOf(node));
            }
        }

        return result;
    }

    /// <summary>Legacy <c>match</c> / <c>match_re</c> maps turned into matchers, as Alertmanager does.</summary>
    public static List<LabelMatcher> LegacyMatchers(YamlMap map, string matchKey, string matchReKey)
    {
        var result = new List<LabelMatcher>();
        foreach (var (name, value) in map.StringMap(matchKey))
        {
            CheckLabelName(map, matchKey, name);
            result.Add(new LabelMatcher(name, LabelMatchType.Equal, value));
        }

        foreach (var (name, value) in map.StringMap(matchReKey))
        {
            CheckLabelName(map, matchReKey, name);
            try
            {
                result.Add(new LabelMatcher(name, LabelMatchType.Regex, value));
            }
            catch (ArgumentException e)
            {
                throw map.Error(matchReKey, $"invalid regular expression \"{value}\" in {matchReKey}: {e.Message}");
            }
        }

        return result;
    }

    public static void CheckLabelName(YamlMap map, string key, string name)
    {
        if (!MatcherParser.LabelNameRegex().IsMatch(name))
        {
            throw map.Error(key, $"\"{name}\" is not a valid label name");
        }
    }

    public static Uri? Url(YamlMap map, string key)
    {
        var s = map.String(key);
        if (s is null)
        {
            return null;
        }

        if (!Uri.TryCreate(s, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            throw map.Error(key, $"unsupported scheme \"{(uri?.Scheme ?? "")}\" for URL (or invalid URL \"{s}\")");
        }

        return uri;
    }

    /// <summary>A templated field: its text or the default, checked against what the renderer can render.</summary>
    public static string Template(YamlMap map, string key, string defaultText)
    {
        var text = map.String(key) ?? defaultText;
        CheckTemplate(map, key, key, text);
        return text;
    }

    /// <summary>Fails at load time on a template that does not parse, as Alertmanager does.</summary>
    public static void CheckTemplate(YamlMap map, string key, string field, string text)
    {
        try
        {
            NotificationTemplater.Default.Validate(text);
        }
        catch (Tsdb.Alerting.Templates.TemplateException e)
        {
            throw map.Error(key, $"invalid template in {map.TypeName} {field}: {e.Message}");
        }
    }
}
