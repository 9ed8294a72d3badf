using Tsdb.Alerting.Templates;
using Tsdb.Storage;

namespace Tsdb.Alerting.Notify;

/// <summary>
/// <see cref="NotificationData"/> as notification templates see it: Alertmanager's template.Data
/// fields (.Receiver, .Status, .Alerts with .Firing/.Resolved, .GroupLabels, .CommonLabels,
/// .CommonAnnotations, .ExternalURL), label sets as KV with SortedPairs/Names/Values/Remove.
/// </summary>
internal sealed class TemplateDataObject(NotificationData data) : ITemplateObject
{
    private readonly TemplateAlerts _alerts = new(data.Alerts.Select(static a => (ITemplateObject)new TemplateAlertObject(a)));

    public bool TryGetField(string name, out object? value)
    {
        value = name switch
        {
            "Receiver" => data.Receiver,
            "Status" => data.Status,
            "Alerts" => _alerts,
            "GroupLabels" => Kv(data.GroupLabels),
            "CommonLabels" => Kv(data.CommonLabels),
            "CommonAnnotations" => Kv(data.CommonAnnotations),
            "ExternalURL" => data.ExternalUrl,
            _ => null,
        };
        return value is not null;
    }

    internal static TemplateKV Kv(Labels labels)
    {
        var map = new Dictionary<string, string>(labels.Count, StringComparer.Ordinal);
        foreach (var l in labels)
        {
            map[l.Name] = l.Value;
        }

        return new TemplateKV(map);
    }
}

/// <summary>One alert of <c>.Alerts</c> (Alertmanager's template.Alert).</summary>
internal sealed class TemplateAlertObject(NotificationAlert alert) : ITemplateObject
{
    public bool TryGetField(string name, out object? value)
    {
        value = name switch
        {
            "Status" => alert.Status,
            "Labels" => TemplateDataObject.Kv(alert.Labels),
            "Annotations" => TemplateDataObject.Kv(alert.Annotations),
            "StartsAt" => DateTime.SpecifyKind(alert.StartsAt, DateTimeKind.Utc),
            "EndsAt" => DateTime.SpecifyKind(alert.EndsAt, DateTimeKind.Utc),
            "GeneratorURL" => alert.GeneratorUrl,
            "Fingerprint" => alert.Fingerprint,
            _ => null,
        };
        return value is not null;
    }
}
