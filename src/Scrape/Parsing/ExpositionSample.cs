using Tsdb.Storage;

namespace Tsdb.Scrape.Parsing;

/// <summary>
/// One parsed sample line. <see cref="SeriesKey"/> is the series part of the line exactly as the
/// target wrote it (<c>name{a="1",b="2"}</c>, or the bare name): the scrape cache keys on these raw
/// bytes, so labels are decoded (<see cref="DecodeLabels"/>) only when the cache misses.
/// </summary>
public readonly ref struct ExpositionSample
{
    public ExpositionSample(ReadOnlySpan<byte> seriesKey, double value, bool hasTimestamp, long timestampMs, ExpositionFormat format)
    {
        SeriesKey = seriesKey;
        Value = value;
        HasTimestamp = hasTimestamp;
        TimestampMs = timestampMs;
        Format = format;
    }

    /// <summary>The raw series bytes as written on the line (metric name and label block, no value).</summary>
    public ReadOnlySpan<byte> SeriesKey { get; }

    public double Value { get; }

    /// <summary>True when the line carried its own timestamp.</summary>
    public bool HasTimestamp { get; }

    /// <summary>The line's timestamp in milliseconds (OpenMetrics seconds are converted); 0 without one.</summary>
    public long TimestampMs { get; }

    public ExpositionFormat Format { get; }

    /// <summary>
    /// Decodes <see cref="SeriesKey"/> into labels (<c>__name__</c> included, escapes resolved) by
    /// clearing <paramref name="into"/> and adding them in the order written (not sorted).
    /// </summary>
    public void DecodeLabels(List<Label> into) => SeriesKeyDecoder.Decode(SeriesKey, into);
}
