namespace Tsdb.PromQL.PromqlTest;

/// <summary>What one position of an expanded point sequence holds.</summary>
public enum SequenceValueKind : byte
{
    /// <summary>A float sample (including <c>stale</c>, <c>Inf</c> and <c>NaN</c>).</summary>
    Float,

    /// <summary><c>_</c>: no sample at this position.</summary>
    Omitted,

    /// <summary>A native histogram <c>{{...}}</c>; only its text is kept.</summary>
    Histogram,
}
