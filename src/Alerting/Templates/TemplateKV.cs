using System.Collections;

namespace Tsdb.Alerting.Templates;

/// <summary>
/// Alertmanager's <c>KV</c> (template/template.go): a label or annotation set that is a map (<c>.CommonLabels.severity</c>,
/// <c>range</c>) and has the methods notification templates call: <c>SortedPairs</c>, <c>Names</c>, <c>Values</c>,
/// <c>Remove</c> and <c>String</c> (<c>a=1, b=2</c>, alertname first).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Named after Alertmanager's KV, which template authors know.")]
public sealed class TemplateKV : IReadOnlyDictionary<string, string>, ITemplateObject, ITemplateJsonValue
{
    private readonly IReadOnlyDictionary<string, string> _map;

    public TemplateKV(IReadOnlyDictionary<string, string> map)
    {
        _map = map;
    }

    public int Count => _map.Count;

    public IEnumerable<string> Keys => _map.Keys;

    IEnumerable<string> IReadOnlyDictionary<string, string>.Values => _map.Values;

    public string this[string key] => _map[key];

    /// <summary>Pairs sorted by name, with <c>alertname</c> first.</summary>
    public TemplatePairs SortedPairs()
    {
        var keys = new List<string>(_map.Keys);
        keys.Sort(static (a, b) => a == b ? 0 : a == "alertname" ? -1 : b == "alertname" ? 1 : string.CompareOrdinal(a, b));
        var pairs = new TemplatePairs();
        foreach (var k in keys)
        {
            pairs.Add(new TemplatePair(k, _map[k]));
        }

        return pairs;
    }

    public List<string> Names() => SortedPairs().Names();

    public List<string> Values() => SortedPairs().Values();

    /// <summary>A copy without the given keys.</summary>
    public TemplateKV Remove(IEnumerable<string> keys)
    {
        var drop = new HashSet<string>(keys, StringComparer.Ordinal);
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in _map)
        {
            if (!drop.Contains(k))
            {
                d[k] = v;
            }
        }

        return new TemplateKV(d);
    }

    public bool TryGetField(string name, out object? value)
    {
        value = name switch
        {
            "SortedPairs" => new TemplateMethod(_ => SortedPairs()),
            "Names" => new TemplateMethod(_ => Names()),
            "Values" => new TemplateMethod(_ => Values()),
            "String" => new TemplateMethod(_ => ToString()),
            "Remove" => new TemplateMethod(a => Remove(a.Length == 1 && a[0] is IEnumerable<string> s ? s
                : throw new TemplateArgumentException("wrong number of args for Remove: want 1 got " + a.Length))),
            _ => null,
        };
        return value is not null;
    }

    public override string ToString() => SortedPairs().ToString();

    public bool ContainsKey(string key) => _map.ContainsKey(key);

    public bool TryGetValue(string key, out string value) => _map.TryGetValue(key, out value!);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _map.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public object? ToJsonValue() => _map;
}

/// <summary>Alertmanager's <c>Pair</c>: <c>.Name</c>, <c>.Value</c>.</summary>
public sealed record TemplatePair(string Name, string Value) : ITemplateObject
{
    public bool TryGetField(string name, out object? value)
    {
        value = name switch
        {
            "Name" => Name,
            "Value" => Value,
            _ => null,
        };
        return value is not null;
    }

    public override string ToString() => "{" + Name + " " + Value + "}";
}

/// <summary>Alertmanager's <c>Pairs</c>: a list with <c>Names</c>, <c>Values</c> and <c>String</c> (<c>a=1, b=2</c>).</summary>
public sealed class TemplatePairs : List<TemplatePair>, ITemplateObject
{
    public List<string> Names() => ConvertAll(static p => p.Name);

    public List<string> Values() => ConvertAll(static p => p.Value);

    public bool TryGetField(string name, out object? value)
    {
        value = name switch
        {
            "Names" => new TemplateMethod(_ => Names()),
            "Values" => new TemplateMethod(_ => Values()),
            "String" => new TemplateMethod(_ => ToString()),
            _ => null,
        };
        return value is not null;
    }

    public override string ToString() => string.Join(", ", ConvertAll(static p => p.Name + "=" + p.Value));
}

/// <summary>
/// Alertmanager's <c>Alerts</c>: a list of alert objects with <c>Firing</c> and <c>Resolved</c>, which select
/// by each alert's <c>Status</c> field ("firing"/"resolved").
/// </summary>
public sealed class TemplateAlerts : List<ITemplateObject>, ITemplateObject
{
    public TemplateAlerts()
    {
    }

    public TemplateAlerts(IEnumerable<ITemplateObject> alerts)
        : base(alerts)
    {
    }

    public TemplateAlerts WithStatus(string status)
    {
        var r = new TemplateAlerts();
        foreach (var a in this)
        {
            if (a.TryGetField("Status", out var s) && s is string str && str == status)
            {
                r.Add(a);
            }
        }

        return r;
    }

    public bool TryGetField(string name, out object? value)
    {
        value = name switch
        {
            "Firing" => new TemplateMethod(_ => WithStatus("firing")),
            "Resolved" => new TemplateMethod(_ => WithStatus("resolved")),
            _ => null,
        };
        return value is not null;
    }

    public override string ToString() => GoFormat.V(new List<object?>(this));
}
