using System.Globalization;
using System.Text;
using Tsdb.Scrape.Parsing;
using Tsdb.Scrape.Relabel;
using Tsdb.Storage;

namespace Tsdb.Scrape.Loop;

/// <summary>
/// The append path of one target's scrapes: receives parsed samples, maps each raw series key to its
/// final labels and series ref through the per-target cache (labels are decoded, combined with the
/// target labels and metric-relabeled only on a miss), enforces limits, and appends. A steady-state
/// scrape therefore does a span hash, a dictionary probe and an append per sample, with no strings.
/// Staleness bookkeeping lives here too because it walks the same cache. Not thread-safe: one
/// scrape at a time.
/// </summary>
internal sealed class SampleSink : IExpositionHandler
{
    private readonly Dictionary<byte[], CacheEntry> _cache = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], CacheEntry>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly Dictionary<byte[], MetadataState> _metadata = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], MetadataState>.AlternateLookup<ReadOnlySpan<byte>> _metadataLookup;
    private readonly List<Label> _scratch = [];
    private readonly MetadataStore? _metadataStore;
    private ScrapeSettings _settings;
    private HeadAppender? _app;
    private long _scrapeTs;
    private long _iteration;

    public SampleSink(ScrapeSettings settings, MetadataStore? metadataStore)
    {
        _settings = settings;
        _metadataStore = metadataStore;
        _lookup = _cache.GetAlternateLookup<ReadOnlySpan<byte>>();
        _metadataLookup = _metadata.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Scraped { get; private set; }

    public int PostRelabel { get; private set; }

    public int SeriesAdded { get; private set; }

    /// <summary>Set when sample_limit was exceeded; parsing continues so the scraped count is complete.</summary>
    public string? LimitError { get; private set; }

    public int CacheCount => _cache.Count;

    /// <summary>Starts a scrape: appends go to <paramref name="app"/> at <paramref name="scrapeTs"/> unless the sample has its own.</summary>
    public void Begin(HeadAppender app, long scrapeTs)
    {
        _app = app;
        _scrapeTs = scrapeTs;
        _iteration++;
        Scraped = 0;
        PostRelabel = 0;
        SeriesAdded = 0;
        LimitError = null;
    }

    public void OnSample(in ExpositionSample sample)
    {
        Scraped++;
        if (!_lookup.TryGetValue(sample.SeriesKey, out var entry))
        {
            entry = Miss(sample);
        }

        if (entry.Labels is null)
        {
            return;
        }

        PostRelabel++;
        if (_settings.SampleLimit > 0 && PostRelabel > _settings.SampleLimit)
        {
            LimitError ??= "sample limit exceeded";
            return;
        }

        if (LimitError is not null)
        {
            return;
        }

        var t = _settings.HonorTimestamps && sample.HasTimestamp ? sample.TimestampMs : _scrapeTs;
        if (entry.Ref == 0)
        {
            SeriesAdded++;
        }

        entry.Ref = _app!.Append(entry.Ref, entry.Labels, t, sample.Value);
        entry.Iteration = _iteration;
        entry.TrackedThisScrape = !sample.HasTimestamp || _settings.TrackTimestampsStaleness || !_settings.HonorTimestamps;
    }

    public void OnMetadata(ReadOnlySpan<byte> metricFamily, MetadataField field, ReadOnlySpan<byte> value)
    {
        if (!_metadataLookup.TryGetValue(metricFamily, out var m))
        {
            m = new MetadataState(Encoding.UTF8.GetString(metricFamily));
            lock (_metadata)
            {
                _metadata[metricFamily.ToArray()] = m;
            }
        }

        m.Iteration = _iteration;
        var changed = false;
        switch (field)
        {
            case MetadataField.Type when !value.SequenceEqual(m.TypeBytes):
                m.TypeBytes = value.ToArray();
                var type = Encoding.UTF8.GetString(value);
                m.Type = type == "untyped" ? "unknown" : type;
                changed = true;
                break;
            case MetadataField.Help when !value.SequenceEqual(m.HelpBytes):
                m.HelpBytes = value.ToArray();
                m.Help = Encoding.UTF8.GetString(value);
                changed = true;
                break;
            case MetadataField.Unit when !value.SequenceEqual(m.UnitBytes):
                m.UnitBytes = value.ToArray();
                m.Unit = Encoding.UTF8.GetString(value);
                changed = true;
                break;
        }

        if (changed)
        {
            _metadataStore?.Set(m.Family, new MetricMetadataEntry(m.Type, m.Help, m.Unit));
        }
    }

    /// <summary>The metadata this target exposed, sorted by family.</summary>
    public List<Targets.TargetMetadata> MetadataSnapshot()
    {
        lock (_metadata)
        {
            var list = new List<Targets.TargetMetadata>(_metadata.Count);
            foreach (var m in _metadata.Values)
            {
                list.Add(new Targets.TargetMetadata(m.Family, m.Type, m.Help, m.Unit));
            }

            list.Sort(static (a, b) => string.CompareOrdinal(a.Metric, b.Metric));
            return list;
        }
    }

    /// <summary>
    /// After a successful scrape: stale markers for series of the last scrape not seen in this one,
    /// then this scrape becomes "the last scrape". Entries unseen for two scrapes leave the cache.
    /// </summary>
    public int FinishSuccess(HeadAppender app, long ts)
    {
        var stale = 0;
        foreach (var (key, e) in _cache)
        {
            var seen = e.Iteration == _iteration;
            if (e.InLastScrape && !seen && e.Labels is not null)
            {
                e.Ref = app.Append(e.Ref, e.Labels, ts, StaleNaN.Value);
                stale++;
            }

            e.InLastScrape = seen && e.TrackedThisScrape && e.Labels is not null;
            if (_iteration - e.Iteration > 2)
            {
                _cache.Remove(key);
            }
        }

        return stale;
    }

    /// <summary>After a failed scrape (or at end of run): stale markers for every series of the last scrape.</summary>
    public int MarkAllStale(HeadAppender app, long ts)
    {
        var stale = 0;
        foreach (var e in _cache.Values)
        {
            if (e.InLastScrape && e.Labels is not null)
            {
                e.Ref = app.Append(e.Ref, e.Labels, ts, StaleNaN.Value);
                stale++;
            }

            e.InLastScrape = false;
        }

        return stale;
    }

    private CacheEntry Miss(in ExpositionSample sample)
    {
        sample.DecodeLabels(_scratch);
        var labels = MutateSampleLabels(_scratch);
        if (labels is not null)
        {
            if (!labels.Has(Label.MetricName))
            {
                throw new ScrapeLimitException("__name__ label is missing");
            }

            VerifyLabelLimits(labels);
        }

        var entry = new CacheEntry(labels);
        _cache[sample.SeriesKey.ToArray()] = entry;
        return entry;
    }

    /// <summary>scrape.go mutateSampleLabels: target labels by honor_labels, then metric_relabel_configs (null = dropped).</summary>
    private Labels? MutateSampleLabels(List<Label> exposed)
    {
        var target = _settings.TargetLabels;
        if (_settings.HonorLabels)
        {
            foreach (var l in target)
            {
                if (Relabeler.Get(exposed, l.Name).Length == 0)
                {
                    Relabeler.Set(exposed, l.Name, l.Value);
                }
            }
        }
        else
        {
            List<Label>? conflicts = null;
            foreach (var l in target)
            {
                var existing = Relabeler.Get(exposed, l.Name);
                if (existing.Length != 0)
                {
                    (conflicts ??= []).Add(new Label(l.Name, existing));
                }

                Relabeler.Set(exposed, l.Name, l.Value);
            }

            if (conflicts is not null)
            {
                // Shorter names first so exported_x is claimed before exported_exported_x (resolveConflictingExposedLabels).
                var ordered = conflicts.OrderBy(static c => c.Name.Length).ToList();
                foreach (var c in ordered)
                {
                    var name = c.Name;
                    while (true)
                    {
                        name = "exported_" + name;
                        if (Relabeler.Get(exposed, name).Length == 0)
                        {
                            Relabeler.Set(exposed, name, c.Value);
                            break;
                        }
                    }
                }
            }
        }

        // Exposed label names may repeat only in malformed input; last one wins rather than throwing.
        DedupeByName(exposed);
        if (_settings.MetricRelabelConfigs.Count > 0 && !Relabeler.Process(exposed, _settings.MetricRelabelConfigs))
        {
            return null;
        }

        var labels = Labels.FromUnsorted(exposed);
        return labels.Count == 0 ? null : labels;
    }

    private static void DedupeByName(List<Label> labels)
    {
        for (var i = labels.Count - 1; i > 0; i--)
        {
            for (var j = 0; j < i; j++)
            {
                if (labels[j].Name == labels[i].Name)
                {
                    labels[j] = labels[i];
                    labels.RemoveAt(i);
                    break;
                }
            }
        }
    }

    /// <summary>scrape.go verifyLabelLimits, with its messages.</summary>
    private void VerifyLabelLimits(Labels labels)
    {
        var s = _settings;
        var met = Trunc(labels.MetricName);
        if (s.LabelLimit > 0 && labels.Count > s.LabelLimit)
        {
            throw new ScrapeLimitException(string.Create(CultureInfo.InvariantCulture, $"label_limit exceeded (metric: {met}, number of labels: {labels.Count}, limit: {s.LabelLimit})"));
        }

        foreach (var l in labels)
        {
            if (s.LabelNameLengthLimit > 0 && l.Name.Length > s.LabelNameLengthLimit)
            {
                throw new ScrapeLimitException(string.Create(CultureInfo.InvariantCulture,
                    $"label_name_length_limit exceeded (metric: {met}, label name: {Trunc(l.Name)}, length: {l.Name.Length}, limit: {s.LabelNameLengthLimit})"));
            }

            if (s.LabelValueLengthLimit > 0)
            {
                var runes = l.Value.EnumerateRunes().Count();
                if (runes > s.LabelValueLengthLimit)
                {
                    throw new ScrapeLimitException(string.Create(CultureInfo.InvariantCulture,
                        $"label_value_length_limit exceeded (metric: {met}, label name: {Trunc(l.Name)}, value: \"{Trunc(l.Value)}\", length: {runes}, limit: {s.LabelValueLengthLimit})"));
                }
            }
        }
    }

    private static string Trunc(string s) => s.Length > 50 ? s[..50] : s;

    /// <summary>Replaces the settings (e.g. a new target label set); the cache is cleared since its labels derive from them.</summary>
    public void Reset(ScrapeSettings settings)
    {
        _settings = settings;
        _cache.Clear();
    }
}
