using System.Globalization;
using System.Text;

namespace Tsdb.Api.Metrics;

/// <summary>One labelled series of a <see cref="MetricFamily"/>; <see cref="Key"/> is its rendered label block.</summary>
internal sealed class MetricSeries(string key, int buckets)
{
    public string Key { get; } = key;

    public double Value { get; set; }

    public long[] BucketCounts { get; private set; } = new long[buckets];

    public long Count { get; private set; }

    public double Sum { get; private set; }

    public void Observe(double v, double[] bounds)
    {
        // Buckets are stored non-cumulatively and summed when written.
        var i = Array.BinarySearch(bounds, v);
        if (i < 0)
        {
            i = ~i;
        }

        if (i < BucketCounts.Length)
        {
            BucketCounts[i]++;
        }

        Count++;
        Sum += v;
    }

    public MetricSeries Clone() => new(Key, 0) { Value = Value, BucketCounts = (long[])BucketCounts.Clone(), Count = Count, Sum = Sum };

    /// <summary>Renders tags as a Prometheus label block body, sorted by name: <c>a="x",b="y"</c>.</summary>
    public static string KeyOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return "";
        }

        var sorted = tags.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var sb = new StringBuilder();
        foreach (var (name, value) in sorted)
        {
            if (sb.Length > 0)
            {
                sb.Append(',');
            }

            sb.Append(name).Append("=\"");
            Escape(sb, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
            sb.Append('"');
        }

        return sb.ToString();
    }

    private static void Escape(StringBuilder sb, string v)
    {
        foreach (var c in v)
        {
            _ = c switch
            {
                '\\' => sb.Append("\\\\"),
                '"' => sb.Append("\\\""),
                '\n' => sb.Append("\\n"),
                _ => sb.Append(c),
            };
        }
    }
}
