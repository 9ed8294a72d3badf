using System.Text;
using Tsdb.Storage;

namespace Tsdb.PromQL.PromqlTest;

/// <summary>A series line of a <c>load</c> block or an expected result: a label set and its expanded points.</summary>
public sealed class SeriesDescription(Labels metric, IReadOnlyList<SequenceValue> values, int line)
{
    public Labels Metric { get; } = metric;

    public IReadOnlyList<SequenceValue> Values { get; } = values;

    /// <summary>1-based line in the script.</summary>
    public int Line { get; } = line;

    public bool HasHistogram
    {
        get
        {
            foreach (var v in Values)
            {
                if (v.IsHistogram)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public override string ToString()
    {
        var sb = new StringBuilder(ResultFormatter.FormatMetric(Metric));
        foreach (var v in Values)
        {
            sb.Append(' ').Append(v.ToString());
        }

        return sb.ToString();
    }
}
