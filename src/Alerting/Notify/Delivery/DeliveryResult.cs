namespace Tsdb.Alerting.Notify;

public enum DeliveryOutcome
{
    Success,

    /// <summary>Worth retrying: 5xx, 429, network error or timeout.</summary>
    Retry,

    /// <summary>Retrying cannot help (other 4xx, bad config such as an unreadable url_file).</summary>
    Fail,
}

/// <summary>The result of one delivery attempt; <see cref="RetryAfter"/> comes from a Retry-After header.</summary>
public readonly record struct DeliveryResult(DeliveryOutcome Outcome, string? Error = null, TimeSpan? RetryAfter = null, string Reason = "")
{
    public static readonly DeliveryResult Ok = new(DeliveryOutcome.Success);
}
