namespace Tsdb.Alerting.Notify;

/// <summary>A notification waiting in an integration's queue, with the log entry written for it.</summary>
internal sealed record PendingNotification(Notification Notification, string Integration, NotificationLogEntry LogEntry);

/// <summary>One integration with its own delivery queue, so a slow or dead endpoint delays only itself.</summary>
internal sealed class IntegrationSender : IAsyncDisposable
{
    private readonly INotifier _notifier;
    private readonly DeliveryQueue<PendingNotification> _queue;

    public IntegrationSender(string receiver, int index, INotifier notifier, DeliveryOptions options, int capacity, Action<PendingNotification, DeliveryResult> onGiveUp)
    {
        _notifier = notifier;
        Key = $"{receiver}/{notifier.Integration}[{index}]";
        var tags = new KeyValuePair<string, object?>[] { new("integration", notifier.Integration), new("receiver_name", receiver) };
        _queue = new DeliveryQueue<PendingNotification>(
            capacity,
            1,
            options,
            (batch, ct) =>
            {
                NotifyMetrics.NotificationRequestsTotal.Add(1, tags);
                return _notifier.NotifyAsync(batch[0].Notification, ct);
            },
            onDropped: n => NotifyMetrics.NotificationsDroppedTotal.Add(n, tags),
            onAttempt: (_, r, latency) =>
            {
                NotifyMetrics.NotificationLatency.Record(latency.TotalSeconds, tags);
                if (r.Outcome != DeliveryOutcome.Success)
                {
                    NotifyMetrics.NotificationRequestsFailedTotal.Add(1, tags);
                }
                else
                {
                    NotifyMetrics.NotificationsTotal.Add(1, tags);
                }

                if (r.Outcome != DeliveryOutcome.Success)
                {
                    LastError = r.Error;
                }
            },
            onGiveUp: (batch, r) =>
            {
                NotifyMetrics.NotificationsTotal.Add(1, tags);
                NotifyMetrics.NotificationsFailedTotal.Add(1, [.. tags, new("reason", r.Reason.Length > 0 ? r.Reason : "other")]);
                onGiveUp(batch[0], r);
            },
            supersedes: static (queued, inFlight) => queued.Notification.GroupKey == inFlight.Notification.GroupKey);
    }

    /// <summary>Unique per receiver integration, e.g. <c>team/slack[0]</c>; the notification log key.</summary>
    public string Key { get; }

    public bool SendResolved => _notifier.SendResolved;

    public string? LastError { get; private set; }

    public int QueueLength => _queue.Length;

    public void Enqueue(PendingNotification n) => _queue.Enqueue(n);

    public async ValueTask DisposeAsync()
    {
        await _queue.DisposeAsync().ConfigureAwait(false);
        _notifier.Dispose();
    }
}
