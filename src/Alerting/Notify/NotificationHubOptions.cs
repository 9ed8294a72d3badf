namespace Tsdb.Alerting.Notify;

/// <summary>Settings of a <see cref="NotificationHub"/>; defaults follow Prometheus and Alertmanager.</summary>
public sealed record NotificationHubOptions
{
    /// <summary>The external URL shown in notifications (Alertmanager's <c>.ExternalURL</c>, title links).</summary>
    public string ExternalUrl { get; init; } = "http://localhost:9090";

    /// <summary>Clock and timers for grouping; tests pass a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Retries for receivers (Slack, PagerDuty, webhook).</summary>
    public DeliveryOptions ReceiverDelivery { get; init; } = new();

    /// <summary>Notifications queued per receiver integration before the oldest are dropped.</summary>
    public int ReceiverQueueCapacity { get; init; } = 1000;

    /// <summary>Retries for Alertmanager forwarding; null = 1 minute per batch.</summary>
    public DeliveryOptions? ForwarderDelivery { get; init; }

    /// <summary><c>--alertmanager.notification-queue-capacity</c>.</summary>
    public int ForwarderQueueCapacity { get; init; } = AlertmanagerForwarder.DefaultCapacity;

    /// <summary><c>--alertmanager.notification-batch-size</c>.</summary>
    public int ForwarderBatchSize { get; init; } = AlertmanagerForwarder.DefaultBatchSize;

    /// <summary>Where delivery failures are reported (the host's logger); null = silent (metrics only).</summary>
    public Action<string>? Log { get; init; }
}
