namespace Tsdb.PromQL.PromqlTest;

/// <summary>A script that does not follow the test language: unknown command, bad series line, bad expect line...</summary>
public sealed class PromqlTestParseException(string file, int line, string reason, Exception? inner = null)
    : Exception($"{file}:{line}: {reason}", inner)
{
    public string File { get; } = file;

    /// <summary>1-based line of the offending text.</summary>
    public int Line { get; } = line;

    public string Reason { get; } = reason;
}
