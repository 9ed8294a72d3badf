using System.Diagnostics.Metrics;

namespace Tsdb.Api.Metrics;

/// <summary>
/// The aggregated state of one <see cref="Instrument"/>: one series per distinct tag set. Counters
/// and up-down counters add, gauges and observable instruments overwrite (observable counters
/// report cumulative values), histograms count into the instrument's advised buckets (Prometheus's
/// default buckets otherwise).
/// </summary>
internal sealed class MetricFamily
{
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Dictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);

    public MetricFamily(Instrument instrument)
    {
        Instrument = instrument;
        Kind = instrument switch
        {
            Counter<long> or Counter<int> or Counter<double> => FamilyKind.Counter,
            ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double> => FamilyKind.ObservedCounter,
            Histogram<double> h => FamilyKind.Histogram,
            Histogram<long> => FamilyKind.Histogram,
            UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double> => FamilyKind.UpDown,
            _ => FamilyKind.Gauge,
        };
        Buckets = instrument switch
        {
            Histogram<double> h when h.Advice?.HistogramBucketBoundaries is { Count: > 0 } b => [.. b],
            Histogram<long> h when h.Advice?.HistogramBucketBoundaries is { Count: > 0 } b => b.Select(x => (double)x).ToArray(),
            _ => DefaultBuckets,
        };
    }

    public enum FamilyKind
    {
        Counter,
        ObservedCounter,
        UpDown,
        Gauge,
        Histogram,
    }

    public Instrument Instrument { get; }

    public FamilyKind Kind { get; }

    public double[] Buckets { get; }

    public bool IsObservable => Instrument.IsObservable;

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = MetricSeries.KeyOf(tags);
        lock (_series)
        {
            if (!_series.TryGetValue(key, out var s))
            {
                s = new MetricSeries(key, Kind == FamilyKind.Histogram ? Buckets.Length : 0);
                _series.Add(key, s);
            }

            switch (Kind)
            {
                case FamilyKind.Counter or FamilyKind.UpDown:
                    s.Value += value;
                    break;
                case FamilyKind.Histogram:
                    s.Observe(value, Buckets);
                    break;
                default:
                    s.Value = value;
                    break;
            }
        }
    }

    /// <summary>Observable instruments report their whole state on every collection; series they stop reporting go away.</summary>
    public void ClearForCollection()
    {
        lock (_series)
        {
            _series.Clear();
        }
    }

    public List<MetricSeries> Snapshot()
    {
        lock (_series)
        {
            var list = _series.Values.Select(s => s.Clone()).ToList();
            list.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            return list;
        }
    }
}
