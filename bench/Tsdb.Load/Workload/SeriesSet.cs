using Tsdb.Load.Proto;

namespace Tsdb.Load.Workload;

/// <summary>
/// Every series of a workload: its sorted labels, its instance's scrape offset, and the groups
/// that generate the values. Instances get an equal share of series (the first ones one more).
/// </summary>
internal sealed class SeriesSet
{
    private static readonly string[] AppJobs = ["api", "checkout", "search", "auth"];

    private SeriesSet(Label[][] labels, long[] offsetMs, SeriesGroup[] groups, int metricNames)
    {
        Labels = labels;
        OffsetMs = offsetMs;
        Groups = groups;
        MetricNames = metricNames;
    }

    public Label[][] Labels { get; }

    /// <summary>Per series, how long before the interval boundary its instance is scraped.</summary>
    public long[] OffsetMs { get; }

    public SeriesGroup[] Groups { get; }

    public int MetricNames { get; }

    public int Count => Labels.Length;

    public static SeriesSet Build(WorkloadSpec spec)
    {
        var labels = new Label[spec.Series][];
        var offsets = new long[spec.Series];
        var groups = new List<SeriesGroup>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        // Label objects are immutable once built, so identical pairs are shared across a million series.
        var interned = new Dictionary<(string, string), Label>();
        var instances = Math.Min(spec.Instances, spec.Series);
        var next = 0;
        for (var i = 0; i < instances; i++)
        {
            var want = spec.Series / instances + (i < spec.Series % instances ? 1 : 0);
            var instance = "host-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var appJob = AppJobs[i % AppJobs.Length];
            var instanceRng = new Rng(spec.Seed, (ulong)i);
            // Hosts are scraped at different phases within the interval; samples never lie in the future.
            var offset = (long)(instanceRng.NextDouble() * spec.IntervalMs);
            var taken = 0;
            var ordinal = 0UL;
            foreach (var template in Catalog.PerInstance(spec.IntervalSeconds))
            {
                if (taken == want)
                {
                    break;
                }

                var emitted = Math.Min(template.Series.Count, want - taken);
                var group = template.Create(new Rng(spec.Seed, ((ulong)i << 32) | ++ordinal));
                group.FirstSeries = next;
                group.Emitted = emitted;
                groups.Add(group);
                var job = template.Job == JobKind.Node ? "node" : appJob;
                for (var s = 0; s < emitted; s++)
                {
                    var pairs = template.Series[s];
                    names.Add(pairs[0].Value);
                    labels[next] = SortedLabels(pairs, job, instance, interned);
                    offsets[next] = offset;
                    next++;
                }

                taken += emitted;
            }
        }

        return new SeriesSet(labels, offsets, [.. groups], names.Count);
    }

    private static Label[] SortedLabels(KeyValuePair<string, string>[] pairs, string job, string instance, Dictionary<(string, string), Label> interned)
    {
        var result = new Label[pairs.Length + 2];
        for (var i = 0; i < pairs.Length; i++)
        {
            result[i] = Intern(pairs[i].Key, pairs[i].Value, interned);
        }

        result[^2] = Intern("job", job, interned);
        result[^1] = Intern("instance", instance, interned);
        // Remote write 1.0 requires label names sorted; "__name__" sorts first.
        Array.Sort(result, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    private static Label Intern(string name, string value, Dictionary<(string, string), Label> interned)
    {
        if (!interned.TryGetValue((name, value), out var label))
        {
            label = new Label { Name = name, Value = value };
            interned[(name, value)] = label;
        }

        return label;
    }
}
