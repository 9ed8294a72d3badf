namespace Tsdb.PromQL;

/// <summary>The Prometheus API error types a query can fail with.</summary>
public enum PromQLErrorType
{
    /// <summary>A parse or type-check error (HTTP 400, errorType bad_data).</summary>
    BadData,
    /// <summary>An evaluation error such as a vector matching conflict (HTTP 422, errorType execution).</summary>
    Execution,
    /// <summary>The query timed out (HTTP 503, errorType timeout).</summary>
    Timeout,
    /// <summary>The query was cancelled (HTTP 503, errorType canceled).</summary>
    Canceled,
}

public sealed class PromQLException(PromQLErrorType type, string message, Exception? inner = null) : Exception(message, inner)
{
    public PromQLErrorType Type { get; } = type;
}
