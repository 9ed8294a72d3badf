using Tsdb.Storage;

namespace Tsdb.PromQL.PromqlTest;

/// <summary>
/// The data a script has loaded so far: a storage <see cref="Head"/> holding the float samples, and the
/// label sets of series that carry native histogram samples (not stored: there is no histogram storage
/// yet), which decide whether a case must be skipped. <c>clear</c> replaces both with empty ones.
/// </summary>
public sealed class PromqlTestStorage : IDisposable
{
    private readonly HashSet<Labels> _histogramSeries = [];

    public Head Head { get; private set; } = new();

    /// <summary>Series that hold at least one native histogram point: loaded with <c>{{...}}</c>, or built by <c>load_with_nhcb</c>.</summary>
    public IReadOnlyCollection<Labels> HistogramSeries => _histogramSeries;

    /// <summary>A querier over everything loaded, for the engine's <c>querier(mint, maxt)</c> callback.</summary>
    public Querier Querier(long mint, long maxt) => new([Head], mint, maxt);

    /// <summary>
    /// Appends a load block (test.go loadCmd): point i of every series at <c>i * interval</c> ms; <c>_</c> appends
    /// nothing; <c>stale</c> appends the staleness marker bit pattern; histogram points are only recorded.
    /// All samples go through one appender and one commit. Returns null, or a description of the rejected samples.
    /// </summary>
    public string? Load(LoadCommand load)
    {
        var app = Head.Appender();
        foreach (var s in load.Series)
        {
            ulong seriesRef = 0;
            for (var i = 0; i < s.Values.Count; i++)
            {
                var v = s.Values[i];
                switch (v.Kind)
                {
                    case SequenceValueKind.Float:
                        seriesRef = app.Append(seriesRef, s.Metric, i * load.IntervalMs, v.Value);
                        break;
                    case SequenceValueKind.Histogram:
                        _histogramSeries.Add(s.Metric);
                        break;
                }
            }
        }

        if (load.WithNhcb)
        {
            foreach (var nhcb in NhcbSeries(load))
            {
                _histogramSeries.Add(nhcb);
            }
        }

        var result = app.Commit();
        return result.Rejected == 0 ? null : result.Describe();
    }

    /// <summary>Drops all data (test.go clear: a fresh storage).</summary>
    public void Clear()
    {
        Head.Dispose();
        Head = new Head();
        _histogramSeries.Clear();
    }

    public void Dispose() => Head.Dispose();

    /// <summary>
    /// The native histogram series <c>load_with_nhcb</c> adds (test.go appendCustomHistogram, convertnhcb):
    /// each float series named <c>X_bucket</c> (with an <c>le</c> that parses as a number other than NaN),
    /// <c>X_count</c> or <c>X_sum</c> contributes to the series named X with the same labels minus <c>le</c>.
    /// </summary>
    internal static IEnumerable<Labels> NhcbSeries(LoadCommand load)
    {
        var seen = new HashSet<Labels>();
        foreach (var s in load.Series)
        {
            var hasFloat = false;
            foreach (var v in s.Values)
            {
                hasFloat |= v.IsFloat;
            }

            if (!hasFloat)
            {
                continue;
            }

            var name = s.Metric.MetricName;
            string? baseName = null;
            if (name.EndsWith("_bucket", StringComparison.Ordinal))
            {
                if (!GoNumber.TryParse(s.Metric.Get("le"), out var le) || double.IsNaN(le))
                {
                    continue;
                }

                baseName = name[..^"_bucket".Length];
            }
            else if (name.EndsWith("_sum", StringComparison.Ordinal))
            {
                baseName = name[..^"_sum".Length];
            }
            else if (name.EndsWith("_count", StringComparison.Ordinal))
            {
                baseName = name[..^"_count".Length];
            }

            if (baseName is null)
            {
                continue;
            }

            var labels = s.Metric.ToBuilder().Set(Label.MetricName, baseName).Delete("le").Build();
            if (seen.Add(labels))
            {
                yield return labels;
            }
        }
    }
}
