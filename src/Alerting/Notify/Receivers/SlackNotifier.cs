using System.Text.Json;

namespace Tsdb.Alerting.Notify;

/// <summary>Slack incoming webhook, the message Alertmanager's <c>notify/slack/slack.go</c> sends: one attachment.</summary>
internal sealed class SlackNotifier(SlackConfig config, HttpClient client, string? baseDir, NotificationTemplater templater) : INotifier
{
    /// <summary>Slack cuts longer titles; Alertmanager truncates to this many runes first.</summary>
    private const int MaxTitleRunes = 1024;

    private static readonly string[] DefaultMrkdwnIn = ["fallback", "pretext", "text"];

    public string Integration => "slack";

    public bool SendResolved => config.SendResolved;

    public void Dispose() => client.Dispose();

    public async Task<DeliveryResult> NotifyAsync(Notification notification, CancellationToken ct)
    {
        Uri url;
        try
        {
            url = config.ApiUrl ?? new Uri(SecretFile.Read(config.ApiUrlFile!, baseDir));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UriFormatException)
        {
            return new DeliveryResult(DeliveryOutcome.Fail, "slack api_url_file: " + e.Message, Reason: "other");
        }

        byte[] body;
        try
        {
            body = Payload(config, templater, NotificationData.Create(notification.Receiver, notification.GroupLabels, notification.Alerts, notification.ExternalUrl));
        }
        catch (Tsdb.Alerting.Templates.TemplateException e)
        {
            return new DeliveryResult(DeliveryOutcome.Fail, "template error: " + e.Message, Reason: "other");
        }

        return await HttpDelivery.PostJsonAsync(client, url, body, HttpDelivery.UserAgent, CheckResponse, ct).ConfigureAwait(false);
    }

    /// <summary>A webhook answers plain <c>ok</c>; the Web API answers JSON with <c>"ok": true</c>.</summary>
    private static string? CheckResponse(HttpResponseMessage response, string body)
    {
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
                {
                    return null;
                }

                return doc.RootElement.TryGetProperty("error", out var e) ? "slack error: " + e.GetString() : "slack response not ok";
            }
            catch (JsonException)
            {
                return "could not parse slack response: " + body;
            }
        }

        return body.Trim() == "ok" ? null : "slack error: " + body;
    }

    public static byte[] Payload(SlackConfig c, NotificationTemplater templater, NotificationData data)
    {
        string T(string template) => templater.Render(template, data);
        return WireJson.Write(w =>
        {
            w.WriteStartObject();
            OmitEmpty(w, "channel", T(c.Channel));
            OmitEmpty(w, "username", T(c.Username));
            OmitEmpty(w, "icon_emoji", T(c.IconEmoji));
            OmitEmpty(w, "icon_url", T(c.IconUrl));
            if (c.LinkNames)
            {
                w.WriteBoolean("link_names", true);
            }

            w.WriteStartArray("attachments");
            w.WriteStartObject();
            OmitEmpty(w, "title", Runes.Truncate(T(c.Title), MaxTitleRunes));
            OmitEmpty(w, "title_link", T(c.TitleLink));
            OmitEmpty(w, "pretext", T(c.Pretext));
            w.WriteString("text", T(c.Text));
            w.WriteString("fallback", T(c.Fallback));
            w.WriteString("callback_id", T(c.CallbackId));
            if (c.Fields.Count > 0)
            {
                w.WriteStartArray("fields");
                foreach (var f in c.Fields)
                {
                    w.WriteStartObject();
                    w.WriteString("title", T(f.Title));
                    w.WriteString("value", T(f.Value));
                    w.WriteBoolean("short", f.Short ?? c.ShortFields);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            OmitEmpty(w, "image_url", T(c.ImageUrl));
            OmitEmpty(w, "thumb_url", T(c.ThumbUrl));
            w.WriteString("footer", T(c.Footer));
            OmitEmpty(w, "color", T(c.Color));
            w.WriteStartArray("mrkdwn_in");
            foreach (var m in c.MrkdwnIn.Count > 0 ? c.MrkdwnIn : DefaultMrkdwnIn)
            {
                w.WriteStringValue(m);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void OmitEmpty(Utf8JsonWriter w, string name, string value)
    {
        if (value.Length > 0)
        {
            w.WriteString(name, value);
        }
    }
}
