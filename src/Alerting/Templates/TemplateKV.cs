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
