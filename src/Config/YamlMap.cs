using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Tsdb.Config;

/// <summary>
/// A YAML mapping read strictly, the way Prometheus's config loading is strict: every getter
/// records the key as known, and <see cref="RejectUnknown"/> then fails on any other key with
/// "field X not found in type T" at that key's line. Null values (<c>key:</c>, <c>~</c>) read as
/// absent so defaults apply, as in Go's yaml.
/// </summary>
public sealed class YamlMap
{
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private YamlMap(string typeName, int line, Dictionary<string, (YamlNode Key, YamlNode Value)> entries)
    {
        TypeName = typeName;
        Line = line;
        _entries = entries;
    }

    /// <summary>The config type name used in messages (e.g. <c>scrape_config</c>).</summary>
    public string TypeName { get; }

    public int Line { get; }

    public IEnumerable<string> Keys => _entries.Keys;

    public static YamlMap Empty(string typeName) => new(typeName, 0, new(StringComparer.Ordinal));

    public static YamlMap From(YamlNode node, string typeName)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (YamlConfig.IsNull(node))
        {
            return new YamlMap(typeName, LineOf(node), new(StringComparer.Ordinal));
        }

        if (node is not YamlMappingNode m)
        {
            throw new ConfigException($"cannot unmarshal {Describe(node)} into {typeName}", LineOf(node));
        }

        var entries = new Dictionary<string, (YamlNode, YamlNode)>(StringComparer.Ordinal);
        foreach (var (k, v) in m.Children)
        {
            if (k is not YamlScalarNode ks || ks.Value is null)
            {
                throw new ConfigException($"{typeName} keys must be strings", LineOf(k));
            }

            if (!entries.TryAdd(ks.Value, (k, v)))
            {
                throw new ConfigException($"mapping key \"{ks.Value}\" already defined at line {LineOf(entries[ks.Value].Item1)}", LineOf(k));
            }
        }

        return new YamlMap(typeName, LineOf(node), entries);
    }

    public bool Has(string key)
    {
        _read.Add(key);
        return _entries.TryGetValue(key, out var e) && !YamlConfig.IsNull(e.Value);
    }

    /// <summary>The line of <paramref name="key"/> (or of the map when absent), for errors found after reading.</summary>
    public int LineOf(string key) => _entries.TryGetValue(key, out var e) ? LineOf(e.Key) : Line;

    public ConfigException Error(string key, string message) => new(message, LineOf(key));

    /// <summary>The raw node (null when absent or null), marked as read.</summary>
    public YamlNode? Node(string key)
    {
        _read.Add(key);
        return _entries.TryGetValue(key, out var e) && !YamlConfig.IsNull(e.Value) ? e.Value : null;
    }

    public string? String(string key) => Node(key) is { } n ? Scalar(n, key) : null;

    public string RequiredString(string key) =>
        String(key) is { Length: > 0 } s ? s : throw Error(key, $"{key} is required in {TypeName}");

    public bool? Bool(string key) => String(key) switch
    {
        null => null,
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        var s => throw Error(key, $"cannot unmarshal !!str `{s}` into bool"),
    };

    public long? Long(string key)
    {
        var s = String(key);
        if (s is null)
        {
            return null;
        }

        return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw Error(key, $"cannot unmarshal !!str `{s}` into int");
    }

    public double? Double(string key)
    {
        var s = String(key);
        if (s is null)
        {
            return null;
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw Error(key, $"cannot unmarshal !!str `{s}` into float64");
    }

    public TimeSpan? Duration(string key)
    {
        var s = String(key);
        if (s is null)
        {
            return null;
        }

        return PromDuration.TryParse(s, out var d) ? d : throw Error(key, $"not a valid duration string: \"{s}\"");
    }

    public long? Bytes(string key)
    {
        var s = String(key);
        if (s is null)
        {
            return null;
        }

        return ByteSize.TryParse(s, out var b) ? b : throw Error(key, $"invalid size \"{s}\"");
    }

    public YamlMap? Map(string key, string typeName) => Node(key) is { } n ? From(n, typeName) : null;

    public IReadOnlyList<YamlMap> MapList(string key, string typeName) =>
        Sequence(key).Select(n => From(n, typeName)).ToList();

    public IReadOnlyList<string> StringList(string key) =>
        Sequence(key).Select(n => Scalar(n, key)).ToList();

    /// <summary>A string→string mapping such as <c>labels</c> or <c>params</c> values, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> StringMap(string key)
    {
        if (Node(key) is not { } n)
        {
            return [];
        }

        if (n is not YamlMappingNode m)
        {
            throw new ConfigException($"cannot unmarshal {Describe(n)} into map[string]string", LineOf(n));
        }

        var result = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (k, v) in m.Children)
        {
            var name = Scalar(k, key);
            if (!seen.Add(name))
            {
                throw new ConfigException($"mapping key \"{name}\" already defined", LineOf(k));
            }

            result.Add(new(name, YamlConfig.IsNull(v) ? "" : Scalar(v, key)));
        }

        return result;
    }

    /// <summary>The items of a sequence (empty when absent).</summary>
    public IReadOnlyList<YamlNode> Sequence(string key)
    {
        if (Node(key) is not { } n)
        {
            return [];
        }

        return n is YamlSequenceNode seq
            ? seq.Children.ToList()
            : throw new ConfigException($"cannot unmarshal {Describe(n)} into a list ({key})", LineOf(n));
    }

    /// <summary>Fails on the first key that no getter asked for (Prometheus's UnmarshalStrict).</summary>
    public void RejectUnknown()
    {
        foreach (var (name, (k, _)) in _entries)
        {
            if (!_read.Contains(name))
            {
                throw new ConfigException($"field {name} not found in type {TypeName}", LineOf(k));
            }
        }
    }

    public static int LineOf(YamlNode node) => checked((int)(node?.Start.Line ?? 0));

    private static string Scalar(YamlNode n, string key) =>
        n is YamlScalarNode s ? s.Value ?? "" : throw new ConfigException($"cannot unmarshal {Describe(n)} into string ({key})", LineOf(n));

    private static string Describe(YamlNode n) => n switch
    {
        YamlScalarNode s => $"!!str `{s.Value}`",
        YamlSequenceNode => "!!seq",
        YamlMappingNode => "!!map",
        _ => "node",
    };
}
