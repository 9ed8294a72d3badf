namespace Tsdb.Scrape.Parsing;

/// <summary>
/// The response body grew past the scrape's <c>body_size_limit</c>. A separate type from
/// <see cref="ExpositionFormatException"/> because Prometheus counts these scrapes apart
/// (prometheus_target_scrapes_exceeded_body_size_limit_total); the scrape fails either way.
/// </summary>
public sealed class BodySizeLimitExceededException : Exception
{
    public BodySizeLimitExceededException(long limit)
        : base("body size limit exceeded") => Limit = limit;

    public BodySizeLimitExceededException()
        : base("body size limit exceeded")
    {
    }

    public BodySizeLimitExceededException(string message)
        : base(message)
    {
    }

    public BodySizeLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The limit in bytes that was exceeded.</summary>
    public long Limit { get; }
}
