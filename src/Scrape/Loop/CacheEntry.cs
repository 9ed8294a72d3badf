using Tsdb.Storage;

namespace Tsdb.Scrape.Loop;

/// <summary>
/// What the scrape cache knows about one raw series key: the final labels (after target labels,
/// honor_labels and metric_relabel_configs; null when metric relabeling drops it), the storage
/// series ref, and the bookkeeping staleness needs.
/// </summary>
internal sealed class CacheEntry(Labels? labels)
{
    public Labels? Labels { get; } = labels;

    public ulong Ref { get; set; }

    /// <summary>The scrape iteration that last saw this key.</summary>
    public long Iteration { get; set; }

    /// <summary>Seen in this scrape without an exposed timestamp (or with track_timestamps_staleness).</summary>
    public bool TrackedThisScrape { get; set; }

    /// <summary>Part of the last successful scrape and tracked for staleness.</summary>
    public bool InLastScrape { get; set; }
}
