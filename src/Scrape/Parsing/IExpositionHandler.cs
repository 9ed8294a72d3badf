namespace Tsdb.Scrape.Parsing;

/// <summary>
/// Receives what an exposition parser reads, entry by entry, in body order. Every span passed in is
/// valid only for the duration of the call (it points into the parser's buffer), so a handler that
/// keeps anything must copy it. The scrape loop implements this; tests implement it to record entries.
/// </summary>
public interface IExpositionHandler
{
    /// <summary>One sample line.</summary>
    void OnSample(in ExpositionSample sample);

    /// <summary>One <c># TYPE</c>, <c># HELP</c> or <c># UNIT</c> line for <paramref name="metricFamily"/>.</summary>
    void OnMetadata(ReadOnlySpan<byte> metricFamily, MetadataField field, ReadOnlySpan<byte> value);
}
