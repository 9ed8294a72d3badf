namespace Tsdb.Scrape.Parsing;

/// <summary>
/// A malformed exposition body. The scrape that read it fails as a whole (nothing it parsed is
/// stored) and the message, which names the line, becomes the target's lastError.
/// </summary>
public sealed class ExpositionFormatException : Exception
{
    public ExpositionFormatException(string message, int line)
        : base(message) => Line = line;

    public ExpositionFormatException()
    {
    }

    public ExpositionFormatException(string message)
        : base(message)
    {
    }

    public ExpositionFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>1-based line number of the offending line (0 when not known).</summary>
    public int Line { get; }
}
