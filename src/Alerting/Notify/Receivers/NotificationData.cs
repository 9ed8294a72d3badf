using Tsdb.Storage;

namespace Tsdb.Alerting.Notify;

/// <summary>
/// What a notification is about: Alertmanager's <c>template.Data</c> (the dot of notification
/// templates and the body of webhook payloads).
/// </summary>
public sealed class NotificationData
{
    public required string Receiver { get; init; }

    /// <summary>"firing" when any alert fires, else "resolved".</summary>
    public required string Status { get; init; }

    public required IReadOnlyList<NotificationAlert> Alerts { get; init; }

    public required Labels GroupLabels { get; init; }

    public required Labels CommonLabels { get; init; }

    public required Labels CommonAnnotations { get; init; }

    public required string ExternalUrl { get; init; }

    public IEnumerable<NotificationAlert> Firing => Alerts.Where(a => a.Status == "firing");

    public IEnumerable<NotificationAlert> Resolved => Alerts.Where(a => a.Status == "resolved");

    public static NotificationData Create(string receiver, Labels groupLabels, IReadOnlyList<NotificationAlert> alerts, string externalUrl) => new()
    {
        Receiver = receiver,
        Status = alerts.Any(a => a.Status == "firing") ? "firing" : "resolved",
        Alerts = alerts,
        GroupLabels = groupLabels,
        CommonLabels = Common(alerts.Select(a => a.Labels)),
        CommonAnnotations = Common(alerts.Select(a => a.Annotations)),
        ExternalUrl = externalUrl,
    };

    /// <summary>The name/value pairs present with the same value in every set.</summary>
    private static Labels Common(IEnumerable<Labels> sets)
    {
        Labels? common = null;
        foreach (var s in sets)
        {
            if (common is null)
            {
                common = s;
                continue;
            }

            var keep = new List<Label>();
            foreach (var l in common)
            {
                if (s.Get(l.Name) == l.Value)
                {
                    keep.Add(l);
                }
            }

            common = Labels.FromUnsorted(keep);
        }

        return common ?? Labels.Empty;
    }
}

/// <summary>One alert of a notification (Alertmanager's <c>template.Alert</c>); EndsAt is default for a firing alert.</summary>
public sealed record NotificationAlert(
    string Status,
    Labels Labels,
    Labels Annotations,
    DateTime StartsAt,
    DateTime EndsAt,
    string GeneratorUrl,
    string Fingerprint);
