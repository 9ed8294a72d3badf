using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Tsdb.Api.Metrics;

/// <summary>
/// Collects every <c>System.Diagnostics.Metrics</c> instrument of tsdb's meters (names starting
/// "Tsdb.") and renders them in the Prometheus text format for /metrics. Parts of tsdb only create
/// instruments with Prometheus-style names; none of them knows about this exporter.
/// </summary>
public sealed class MetricsRegistry : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<Instrument, MetricFamily> _families = [];
    private readonly object _collectLock = new();

    /// <param name="scope">meters created with a scope are exported only by the registry of the same scope; unscoped (process-wide) meters by every registry.</param>
    public MetricsRegistry(object scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!instrument.Meter.Name.StartsWith("Tsdb.", StringComparison.Ordinal) || (instrument.Meter.Scope is { } s && !ReferenceEquals(s, scope)))
            {
                return;
            }

            var family = new MetricFamily(instrument);
            lock (_families)
            {
                _families[instrument] = family;
            }

            listener.EnableMeasurementEvents(instrument, family);
        };
        _listener.MeasurementsCompleted = (instrument, _) =>
        {
            lock (_families)
            {
                _families.Remove(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(static (_, v, tags, state) => ((MetricFamily)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, v, tags, state) => ((MetricFamily)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, v, tags, state) => ((MetricFamily)state!).Record(v, tags));
        _listener.Start();
    }

    /// <summary>Renders all families, sorted by name (families of the same name are merged).</summary>
    public string Render()
    {
        // One render at a time: observable families are cleared and re-recorded per render, so two
        // concurrent renders must not see each other's half-collected state.
        lock (_collectLock)
        {
            return RenderLocked();
        }
    }

    private string RenderLocked()
    {
        List<MetricFamily> families;
        lock (_families)
        {
            families = [.. _families.Values];
        }

        foreach (var f in families.Where(f => f.IsObservable))
        {
            f.ClearForCollection();
        }

        try
        {
            _listener.RecordObservableInstruments();
        }
        catch (AggregateException e)
        {
            // A failing callback loses its own series only; the rest of /metrics is still served.
            Console.Error.WriteLine("level=warn msg=\"metrics callback failed\" err=\"" + e.InnerException?.Message + "\"");
        }

        var sb = new StringBuilder();
        foreach (var group in families.GroupBy(f => f.Instrument.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = group.First();
            var name = group.Key;
            sb.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(first.Instrument.Description ?? "")).Append('\n');
            sb.Append("# TYPE ").Append(name).Append(' ').Append(first.Kind switch
            {
                MetricFamily.FamilyKind.Counter or MetricFamily.FamilyKind.ObservedCounter => "counter",
                MetricFamily.FamilyKind.Histogram => "histogram",
                _ => "gauge",
            }).Append('\n');
            foreach (var f in group)
            {
                foreach (var s in f.Snapshot())
                {
                    if (f.Kind == MetricFamily.FamilyKind.Histogram)
                    {
                        WriteHistogram(sb, name, s, f.Buckets);
                    }
                    else
                    {
                        WriteSample(sb, name, s.Key, null, s.Value);
                    }
                }
            }
        }

        return sb.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private static void WriteHistogram(StringBuilder sb, string name, MetricSeries s, double[] bounds)
    {
        long cumulative = 0;
        for (var i = 0; i < bounds.Length; i++)
        {
            cumulative += s.BucketCounts[i];
            WriteSample(sb, name + "_bucket", s.Key, "le=\"" + FormatValue(bounds[i]) + "\"", cumulative);
        }

        WriteSample(sb, name + "_bucket", s.Key, "le=\"+Inf\"", s.Count);
        WriteSample(sb, name + "_sum", s.Key, null, s.Sum);
        WriteSample(sb, name + "_count", s.Key, null, s.Count);
    }

    private static void WriteSample(StringBuilder sb, string name, string labels, string? extra, double value)
    {
        sb.Append(name);
        if (labels.Length > 0 || extra is not null)
        {
            sb.Append('{').Append(labels);
            if (extra is not null)
            {
                sb.Append(labels.Length > 0 ? "," : "").Append(extra);
            }

            sb.Append('}');
        }

        sb.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    // Whole numbers as integers (counters stay readable); everything else as Prometheus writes floats.
    internal static string FormatValue(double v) =>
        v == Math.Floor(v) && Math.Abs(v) < 1e15 ? ((long)v).ToString(CultureInfo.InvariantCulture) : Http.PromJson.FormatFloat(v);

    private static string EscapeHelp(string help) => help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
