using System.Collections.Concurrent;

namespace Tsdb.Storage;

/// <summary>
/// In-memory metric metadata (metric family name → type/help/unit), last writer wins. Filled by
/// remote write and scraping; backs <c>/api/v1/metadata</c>. Thread-safe.
/// </summary>
public sealed class MetadataStore
{
    private readonly ConcurrentDictionary<string, MetricMetadataEntry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public void Set(string metricFamilyName, MetricMetadataEntry entry)
    {
        ArgumentException.ThrowIfNullOrEmpty(metricFamilyName);
        ArgumentNullException.ThrowIfNull(entry);
        _entries[metricFamilyName] = entry;
    }

    public bool TryGet(string metricFamilyName, out MetricMetadataEntry? entry) =>
        _entries.TryGetValue(metricFamilyName, out entry);

    /// <summary>A snapshot sorted by metric family name.</summary>
    public IReadOnlyList<KeyValuePair<string, MetricMetadataEntry>> Snapshot()
    {
        var list = _entries.ToList();
        list.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return list;
    }
}
