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

    /// <summary>An OpenMetrics sample that carried an exemplar (<c> # {labels} value [timestamp]</c>).</summary>
    internal ExpositionSample(
        ReadOnlySpan<byte> seriesKey,
        double value,
        bool hasTimestamp,
        long timestampMs,
        ExpositionFormat format,
        ReadOnlySpan<byte> exemplarLabels,
        double exemplarValue,
        bool exemplarHasTimestamp,
        long exemplarTimestampMs,
        bool exemplarLabelsTooLong)
        : this(seriesKey, value, hasTimestamp, timestampMs, format)
    {
        HasExemplar = true;
        ExemplarLabels = exemplarLabels;
        ExemplarValue = exemplarValue;
        ExemplarHasTimestamp = exemplarHasTimestamp;
        ExemplarTimestampMs = exemplarTimestampMs;
        ExemplarLabelsTooLong = exemplarLabelsTooLong;
    }

    /// <summary>The raw series bytes as written on the line (metric name and label block, no value).</summary>
    public ReadOnlySpan<byte> SeriesKey { get; }

    public double Value { get; }

    /// <summary>True when the line carried its own timestamp.</summary>
    public bool HasTimestamp { get; }

    /// <summary>The line's timestamp in milliseconds (OpenMetrics seconds are converted); 0 without one.</summary>
    public long TimestampMs { get; }

    public ExpositionFormat Format { get; }

    /// <summary>True when the line carried an exemplar (OpenMetrics only). Exemplars are parsed and validated, not stored yet.</summary>
    public bool HasExemplar { get; }

    /// <summary>The exemplar's raw label block including the braces (<c>{trace_id="a"}</c>); empty without an exemplar.</summary>
    public ReadOnlySpan<byte> ExemplarLabels { get; }

    public double ExemplarValue { get; }

    public bool ExemplarHasTimestamp { get; }

    /// <summary>The exemplar timestamp in milliseconds (converted from OpenMetrics seconds); 0 without one.</summary>
    public long ExemplarTimestampMs { get; }

    /// <summary>
    /// True when the exemplar's label names and values together exceed 128 UTF-8 code points. The line
    /// is still valid (Prometheus fails only the exemplar, in storage, not the scrape), so the caller
    /// drops the exemplar and keeps the sample.
    /// </summary>
    public bool ExemplarLabelsTooLong { get; }

    /// <summary>The label whose value <see cref="DecodeLabels"/> canonicalises, from the last TYPE line.</summary>
    internal FloatLabel FloatLabel { get; init; }

    /// <summary>
    /// Decodes <see cref="SeriesKey"/> into labels (<c>__name__</c> included, escapes resolved) by
    /// clearing <paramref name="into"/> and adding them in the order written (not sorted).
    /// </summary>
    public void DecodeLabels(List<Label> into) => SeriesKeyDecoder.Decode(SeriesKey, into, FloatLabel);

    /// <summary>Decodes <see cref="ExemplarLabels"/> into <paramref name="into"/> (cleared first; no <c>__name__</c>).</summary>
    public void DecodeExemplarLabels(List<Label> into) => SeriesKeyDecoder.Decode(ExemplarLabels, into);
}
