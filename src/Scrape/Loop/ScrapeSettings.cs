using Tsdb.Scrape.Relabel;
using Tsdb.Storage;

namespace Tsdb.Scrape.Loop;

/// <summary>The per-target settings the append path needs, taken from the scrape config once.</summary>
internal sealed record ScrapeSettings(
    Labels TargetLabels,
    bool HonorLabels,
    bool HonorTimestamps,
    bool TrackTimestampsStaleness,
    IReadOnlyList<RelabelConfig> MetricRelabelConfigs,
    long SampleLimit,
    long LabelLimit,
    long LabelNameLengthLimit,
    long LabelValueLengthLimit);
