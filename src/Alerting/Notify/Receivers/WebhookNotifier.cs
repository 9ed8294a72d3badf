using System.Text.Json;

namespace Tsdb.Alerting.Notify;

/// <summary>Alertmanager's generic webhook, payload version 4 (<c>notify/webhook/webhook.go</c>).</summary>
internal sealed class WebhookNotifier(WebhookConfig config, HttpClient client, string? baseDir) : INotifier
{
    public string Integration => "webhook";

    public bool SendResolved => config.SendResolved;

    public void Dispose() => client.Dispose();

    public async Task<DeliveryResult> NotifyAsync(Notification notification, CancellationToken ct)
    {
        Uri url;
        try
        {
            url = config.Url ?? new Uri(SecretFile.Read(config.UrlFile!, baseDir));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UriFormatException)
        {
            return new DeliveryResult(DeliveryOutcome.Fail, "webhook url_file: " + e.Message, Reason: "other");
        }

        var body = Payload(notification, config.MaxAlerts);
        return await HttpDelivery.PostJsonAsync(client, url, body, HttpDelivery.UserAgent, null, ct).ConfigureAwait(false);
    }

    /// <summary>The JSON body; alerts beyond <paramref name="maxAlerts"/> are cut and counted in truncatedAlerts.</summary>
    public static byte[] Payload(Notification n, int maxAlerts)
    {
        var alerts = n.Alerts;
        var truncated = 0;
        if (maxAlerts > 0 && alerts.Count > maxAlerts)
        {
            truncated = alerts.Count - maxAlerts;
            alerts = alerts.Take(maxAlerts).ToList();
        }

        var data = NotificationData.Create(n.Receiver, n.GroupLabels, alerts, n.ExternalUrl);
        return WireJson.Write(w =>
        {
            // Field order as Go marshals the Message struct: the embedded template.Data first.
            w.WriteStartObject();
            w.WriteString("receiver", data.Receiver);
            w.WriteString("status", data.Status);
            w.WriteStartArray("alerts");
            foreach (var a in data.Alerts)
            {
                WriteAlert(w, a);
            }

            w.WriteEndArray();
            WireJson.WriteLabels(w, "groupLabels", data.GroupLabels);
            WireJson.WriteLabels(w, "commonLabels", data.CommonLabels);
            WireJson.WriteLabels(w, "commonAnnotations", data.CommonAnnotations);
            w.WriteString("externalURL", data.ExternalUrl);
            w.WriteString("version", "4");
            w.WriteString("groupKey", n.GroupKey);
            w.WriteNumber("truncatedAlerts", truncated);
            w.WriteEndObject();
        });
    }

    private static void WriteAlert(Utf8JsonWriter w, NotificationAlert a)
    {
        w.WriteStartObject();
        w.WriteString("status", a.Status);
        WireJson.WriteLabels(w, "labels", a.Labels);
        WireJson.WriteLabels(w, "annotations", a.Annotations);
        w.WriteString("startsAt", WireJson.Time(a.StartsAt));
        w.WriteString("endsAt", WireJson.Time(a.EndsAt));
        w.WriteString("generatorURL", a.GeneratorUrl);
        w.WriteString("fingerprint", a.Fingerprint);
        w.WriteEndObject();
    }
}
