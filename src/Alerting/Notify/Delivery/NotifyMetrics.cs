using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Tsdb.Alerting.Notify;

/// <summary>
/// The notification metrics under Prometheus's and Alertmanager's names, on the meter
/// <c>Tsdb.Notify</c>, so dashboards made for either keep working.
/// </summary>
public static class NotifyMetrics
{
    public const string MeterName = "Tsdb.Notify";

    private static readonly Meter Meter = new(MeterName);

    private static readonly ConcurrentDictionary<object, Func<(string Alertmanager, int Length, int Capacity)>> Queues = new();

    // Forwarding to Alertmanagers (prometheus notifier/metric.go).
    internal static readonly Counter<long> SentTotal = Meter.CreateCounter<long>("prometheus_notifications_sent_total", description: "Total number of alerts sent.");
    internal static readonly Counter<long> ErrorsTotal = Meter.CreateCounter<long>("prometheus_notifications_errors_total", description: "Total number of sent alerts affected by errors.");
    internal static readonly Counter<long> DroppedTotal = Meter.CreateCounter<long>("prometheus_notifications_dropped_total", description: "Total number of alerts dropped due to errors when sending to Alertmanager.");
    internal static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("prometheus_notifications_latency_seconds", "s", "Latency quantiles for sending alert notifications.");

    // Local notification (alertmanager notify/notify.go).
    internal static readonly Counter<long> NotificationsTotal = Meter.CreateCounter<long>("alertmanager_notifications_total", description: "The total number of attempted notifications.");
    internal static readonly Counter<long> NotificationsFailedTotal = Meter.CreateCounter<long>("alertmanager_notifications_failed_total", description: "The total number of failed notifications.");
    internal static readonly Counter<long> NotificationRequestsTotal = Meter.CreateCounter<long>("alertmanager_notification_requests_total", description: "The total number of attempted notification requests.");
    internal static readonly Counter<long> NotificationRequestsFailedTotal = Meter.CreateCounter<long>("alertmanager_notification_requests_failed_total", description: "The total number of failed notification requests.");
    internal static readonly Histogram<double> NotificationLatency = Meter.CreateHistogram<double>("alertmanager_notification_latency_seconds", "s", "The latency of notifications in seconds.");
    internal static readonly Counter<long> NotificationsDroppedTotal = Meter.CreateCounter<long>("alertmanager_notifications_dropped_total", description: "Notifications dropped because a receiver's delivery queue was full.");
    internal static readonly Counter<long> AlertsReceivedTotal = Meter.CreateCounter<long>("alertmanager_alerts_received_total", description: "The total number of received alerts.");

    static NotifyMetrics()
    {
        Meter.CreateObservableGauge("prometheus_notifications_queue_length", () => Observe(static q => q.Length), description: "The number of alert notifications in the queue.");
        Meter.CreateObservableGauge("prometheus_notifications_queue_capacity", () => Observe(static q => q.Capacity), description: "The capacity of the alert notifications queue.");
        Meter.CreateObservableGauge("prometheus_notifications_alertmanagers_discovered", () => new Measurement<int>(Queues.Count), description: "The number of alertmanagers discovered and active.");
    }

    internal static void RegisterQueue(object owner, Func<(string Alertmanager, int Length, int Capacity)> observe) => Queues[owner] = observe;

    internal static void UnregisterQueue(object owner) => Queues.TryRemove(owner, out _);

    private static IEnumerable<Measurement<int>> Observe(Func<(string Alertmanager, int Length, int Capacity), int> pick)
    {
        foreach (var q in Queues.Values)
        {
            var v = q();
            yield return new Measurement<int>(pick(v), new KeyValuePair<string, object?>("alertmanager", v.Alertmanager));
        }
    }
}
