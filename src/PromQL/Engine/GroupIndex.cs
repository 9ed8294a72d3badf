using Tsdb.PromQL.Ast;
using Tsdb.Storage;

namespace Tsdb.PromQL;

/// <summary>
/// Numbers the groups of an aggregation's <c>by</c>/<c>without</c> clause in order of first appearance, finding a
/// series' group from its own labels: the kept labels are hashed and compared in place, so only a new group
/// builds a label set. (Building the group's labels for every series cost about 800 bytes of garbage per series,
/// which dominated aggregations over a million series.)
/// </summary>
internal sealed class GroupIndex
{
    private readonly AggregateExpr _expr;
    private readonly string[] _names;
    private readonly bool _without;
    private readonly Dictionary<int, int> _firstByHash = [];
    private readonly List<int> _nextSameHash = [];
    private readonly List<Labels> _labels = [];

    public GroupIndex(AggregateExpr expr)
    {
        _expr = expr;
        _without = expr.Without;
        _names = _without ? [.. expr.Grouping, Label.MetricName] : [.. expr.Grouping];
    }

    public int Count => _labels.Count;

    /// <summary>The labels of group <paramref name="group"/>, as <see cref="Evaluator.GroupLabels"/> builds them.</summary>
    public Labels this[int group] => _labels[group];

    /// <summary>The group of <paramref name="metric"/>, or -1 when it would be a new one.</summary>
    public int Find(Labels metric, out int hash)
    {
        var labels = metric.AsSpan();
        var h = default(HashCode);
        foreach (var l in labels)
        {
            if (Kept(l.Name))
            {
                h.Add(l.Name);
                h.Add(l.Value);
            }
        }

        hash = h.ToHashCode();
        if (!_firstByHash.TryGetValue(hash, out var g))
        {
            return -1;
        }

        for (; g >= 0; g = _nextSameHash[g])
        {
            if (SameGroup(labels, _labels[g].AsSpan()))
            {
                return g;
            }
        }

        return -1;
    }

    /// <summary>Adds the group of <paramref name="metric"/> (which <see cref="Find"/> did not find, giving <paramref name="hash"/>).</summary>
    public int Add(Labels metric, int hash)
    {
        var g = _labels.Count;
        _labels.Add(Evaluator.GroupLabels(_expr, metric));
        _nextSameHash.Add(_firstByHash.TryGetValue(hash, out var first) ? first : -1);
        _firstByHash[hash] = g;
        return g;
    }

    private bool Kept(string name) => Array.IndexOf(_names, name) >= 0 != _without;

    /// <summary>Whether the kept labels of a series (sorted by name) are exactly a group's labels.</summary>
    private bool SameGroup(ReadOnlySpan<Label> metric, ReadOnlySpan<Label> group)
    {
        var i = 0;
        foreach (var l in metric)
        {
            if (!Kept(l.Name))
            {
                continue;
            }

            if (i == group.Length || !string.Equals(group[i].Name, l.Name, StringComparison.Ordinal)
                || !string.Equals(group[i].Value, l.Value, StringComparison.Ordinal))
            {
                return false;
            }

            i++;
        }

        return i == group.Length;
    }
}
