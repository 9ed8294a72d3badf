namespace Tsdb.Storage;

/// <summary>A float sample: timestamp in milliseconds since the epoch, and a value.</summary>
public readonly record struct Sample(long T, double V);

/// <summary>
/// What an iterator is positioned on. Only floats exist today; native histograms will add
/// <c>Histogram</c> and <c>FloatHistogram</c> here (as Prometheus's chunkenc.ValueType does).
/// </summary>
public enum SampleKind : byte
{
    None = 0,
    Float = 1,
}
