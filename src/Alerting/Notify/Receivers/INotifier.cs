using Tsdb.Storage;

namespace Tsdb.Alerting.Notify;

/// <summary>A group's alerts to notify one integration about (what a flush of an aggregation group produces).</summary>
public sealed record Notification(string GroupKey, string Receiver, Labels GroupLabels, IReadOnlyList<NotificationAlert> Alerts, string ExternalUrl);

/// <summary>One integration of a receiver (a slack_configs/pagerduty_configs/webhook_configs entry); disposing it releases its HTTP client.</summary>
internal interface INotifier : IDisposable
{
    /// <summary>"slack", "pagerduty" or "webhook": the <c>integration</c> label of the metrics.</summary>
    string Integration { get; }

    bool SendResolved { get; }

    Task<DeliveryResult> NotifyAsync(Notification notification, CancellationToken ct);
}
