using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tsdb.Alerting.Notify;

/// <summary>PagerDuty Events API v2, as Alertmanager's <c>notify/pagerduty/pagerduty.go</c> sends it.</summary>
internal sealed class PagerDutyNotifier(PagerDutyConfig config, HttpClient client, string? baseDir, NotificationTemplater templater) : INotifier
{
    /// <summary>PagerDuty rejects events above 512 KB; Alertmanager then drops custom_details.</summary>
    internal const int MaxEventSize = 512000;

    private const int MaxSummaryRunes = 1024;

    public string Integration => "pagerduty";

    public bool SendResolved => config.SendResolved;

    public void Dispose() => client.Dispose();

    public async Task<DeliveryResult> NotifyAsync(Notification notification, CancellationToken ct)
    {
        string routingKey;
        try
        {
            routingKey = config.RoutingKey ?? SecretFile.Read(config.RoutingKeyFile!, baseDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new DeliveryResult(DeliveryOutcome.Fail, "pagerduty routing_key_file: " + e.Message, Reason: "other");
        }

        var data = NotificationData.Create(notification.Receiver, notification.GroupLabels, notification.Alerts, notification.ExternalUrl);
        byte[] body;
        try
        {
            body = Payload(config, templater, routingKey, notification.GroupKey, data);
        }
        catch (Tsdb.Alerting.Templates.TemplateException e)
        {
            return new DeliveryResult(DeliveryOutcome.Fail, "template error: " + e.Message, Reason: "other");
        }

        return await HttpDelivery.PostJsonAsync(client, config.Url, body, HttpDelivery.UserAgent, null, ct).ConfigureAwait(false);
    }

    /// <summary>dedup_key: SHA-256 hex of the group key (notify.Key.Hash), 64 characters.</summary>
    public static string DedupKey(string groupKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(groupKey)));

    public static byte[] Payload(PagerDutyConfig c, NotificationTemplater templater, string routingKey, string groupKey, NotificationData data)
    {
        string T(string template) => templater.Render(template, data);

        // Go marshals map keys sorted.
        var details = c.Details.Select(d => new KeyValuePair<string, string>(d.Key, T(d.Value)))
            .OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
        var body = Write(c, routingKey, groupKey, data, T, details);
        if (body.Length > MaxEventSize)
        {
            body = Write(c, routingKey, groupKey, data, T,
                [new("error", "Custom details have been removed because the original event exceeds the maximum size of 512KB")]);
        }

        return body;
    }

    private static byte[] Write(PagerDutyConfig c, string routingKey, string groupKey, NotificationData data, Func<string, string> t, List<KeyValuePair<string, string>> details) =>
        WireJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("routing_key", routingKey);
            w.WriteString("dedup_key", DedupKey(groupKey));
            w.WriteString("event_action", data.Status == "firing" ? "trigger" : "resolve");
            w.WriteStartObject("payload");
            w.WriteString("summary", Runes.Truncate(t(c.Description), MaxSummaryRunes));
            w.WriteString("source", t(c.Source));
            w.WriteString("severity", t(c.Severity));
            OmitEmpty(w, "class", t(c.Class));
            OmitEmpty(w, "component", t(c.Component));
            OmitEmpty(w, "group", t(c.Group));
            if (details.Count > 0)
            {
                w.WriteStartObject("custom_details");
                foreach (var (k, v) in details)
                {
                    w.WriteString(k, v);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
            OmitEmpty(w, "client", t(c.Client));
            OmitEmpty(w, "client_url", t(c.ClientUrl));
            WriteImagesAndLinks(w, c, t);
            w.WriteEndObject();
        });

    private static void WriteImagesAndLinks(Utf8JsonWriter w, PagerDutyConfig c, Func<string, string> t)
    {
        if (c.Images.Count > 0)
        {
            w.WriteStartArray("images");
            foreach (var i in c.Images)
            {
                w.WriteStartObject();
                OmitEmpty(w, "src", t(i.Src));
                OmitEmpty(w, "alt", t(i.Alt));
                OmitEmpty(w, "href", t(i.Href));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (c.Links.Count > 0)
        {
            w.WriteStartArray("links");
            foreach (var l in c.Links)
            {
                w.WriteStartObject();
                OmitEmpty(w, "href", t(l.Href));
                OmitEmpty(w, "text", t(l.Text));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
    }

    private static void OmitEmpty(Utf8JsonWriter w, string name, string value)
    {
        if (value.Length > 0)
        {
            w.WriteString(name, value);
        }
    }
}
