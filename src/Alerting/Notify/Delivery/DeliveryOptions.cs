namespace Tsdb.Alerting.Notify;

/// <summary>Retry and queue settings of a delivery queue.</summary>
public sealed record DeliveryOptions
{
    /// <summary>First retry delay; doubled per attempt up to <see cref="MaxBackoff"/>, each with ±20% jitter.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest Retry-After honoured; a server asking for more is retried after this.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one item is retried before it is given up (counted as failed).</summary>
    public TimeSpan MaxRetryDuration { get; init; } = TimeSpan.FromMinutes(5);
}
