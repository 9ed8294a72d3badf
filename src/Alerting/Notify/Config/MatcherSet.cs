using System.Text;
using Tsdb.Storage;

namespace Tsdb.Alerting.Notify;

/// <summary>A conjunction of matchers, sorted as Alertmanager sorts them so route keys agree with its own.</summary>
public sealed class MatcherSet
{
    public static readonly MatcherSet Empty = new([]);

    public MatcherSet(IEnumerable<LabelMatcher> matchers)
    {
        var list = matchers.ToList();

        // labels.Matchers.Less: by name, then value, then type.
        list.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Name, b.Name);
            if (c != 0)
            {
                return c;
            }

            c = string.CompareOrdinal(a.Value, b.Value);
            return c != 0 ? c : a.Type.CompareTo(b.Type);
        });
        Matchers = list;
    }

    public IReadOnlyList<LabelMatcher> Matchers { get; }

    public int Count => Matchers.Count;

    public bool Matches(Labels labels)
    {
        foreach (var m in Matchers)
        {
            if (!m.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>{a="b",c=~"d"}</c>: comma without space, as labels.Matchers.String prints it.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("{");
        for (var i = 0; i < Matchers.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(Matchers[i]);
        }

        return sb.Append('}').ToString();
    }
}
