namespace Tsdb.Storage;

/// <summary>
/// Iterates the samples of one series in time order (Prometheus chunkenc.Iterator).
/// Before the first <see cref="Next"/> or <see cref="Seek"/> the position is unspecified.
/// </summary>
public interface ISampleIterator
{
    /// <summary>Advances; returns <see cref="SampleKind.None"/> when exhausted or on error.</summary>
    SampleKind Next();

    /// <summary>
    /// Advances to the first sample with timestamp &gt;= <paramref name="t"/>. If the current sample
    /// already satisfies that, it stays put. Returns None when no such sample exists.
    /// </summary>
    SampleKind Seek(long t);

    /// <summary>The current sample. Valid only after Next/Seek returned Float.</summary>
    Sample At();

    /// <summary>The current timestamp (cheaper than At for some encodings).</summary>
    long AtT();

    /// <summary>The error that ended iteration, if any; check after exhaustion.</summary>
    Exception? Error { get; }
}
