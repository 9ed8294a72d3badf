using Tsdb.Config;

namespace Tsdb.Alerting.Notify;

/// <summary>One <c>slack_configs</c> entry (incoming-webhook mode). Text fields hold Alertmanager templates.</summary>
public sealed record SlackConfig
{
    public bool SendResolved { get; init; }

    public Uri? ApiUrl { get; init; }

    public string? ApiUrlFile { get; init; }

    public HttpClientConfig HttpConfig { get; init; } = HttpClientConfig.Default;

    public string Channel { get; init; } = "";

    public string Username { get; init; } = NotificationTemplates.SlackUsername;

    public string Color { get; init; } = NotificationTemplates.SlackColor;

    public string Title { get; init; } = NotificationTemplates.SlackTitle;

    public string TitleLink { get; init; } = NotificationTemplates.SlackTitleLink;

    public string Pretext { get; init; } = NotificationTemplates.SlackPretext;

    public string Text { get; init; } = NotificationTemplates.SlackText;

    public string Fallback { get; init; } = NotificationTemplates.SlackFallback;

    public string CallbackId { get; init; } = NotificationTemplates.SlackCallbackId;

    public string Footer { get; init; } = NotificationTemplates.SlackFooter;

    public string IconEmoji { get; init; } = NotificationTemplates.SlackIconEmoji;

    public string IconUrl { get; init; } = NotificationTemplates.SlackIconUrl;

    public string ImageUrl { get; init; } = "";

    public string ThumbUrl { get; init; } = "";

    public bool LinkNames { get; init; }

    public bool ShortFields { get; init; }

    public IReadOnlyList<string> MrkdwnIn { get; init; } = [];

    public IReadOnlyList<SlackField> Fields { get; init; } = [];

    internal static SlackConfig Read(YamlMap m, GlobalConfig global)
    {
        ConfigReader.RejectUnsupported(m, "only incoming-webhook mode is implemented", "app_token", "app_token_file", "app_url", "update_message");
        ConfigReader.RejectUnsupported(m, "interactive Slack actions are not implemented", "actions");
        ConfigReader.RejectUnsupported(m, "notifier-level timeouts are not implemented", "timeout");
        var fields = new List<SlackField>();
        foreach (var f in m.MapList("fields", "slack_field"))
        {
            var field = new SlackField(
                ConfigReader.Template(f, "title", ""),
                ConfigReader.Template(f, "value", ""),
                f.Bool("short"));
            f.RejectUnknown();
            if (field.Title.Length == 0)
            {
                throw f.Error("title", "missing title in Slack field configuration");
            }

            if (field.Value.Length == 0)
            {
                throw f.Error("value", "missing value in Slack field configuration");
            }

            fields.Add(field);
        }

        var c = new SlackConfig
        {
            SendResolved = m.Bool("send_resolved") ?? false,
            ApiUrl = ConfigReader.Url(m, "api_url"),
            ApiUrlFile = m.String("api_url_file"),
            HttpConfig = ReceiverHttp.Read(m, global),
            Channel = ConfigReader.Template(m, "channel", ""),
            Username = ConfigReader.Template(m, "username", NotificationTemplates.SlackUsername),
            Color = ConfigReader.Template(m, "color", NotificationTemplates.SlackColor),
            Title = ConfigReader.Template(m, "title", NotificationTemplates.SlackTitle),
            TitleLink = ConfigReader.Template(m, "title_link", NotificationTemplates.SlackTitleLink),
            Pretext = ConfigReader.Template(m, "pretext", NotificationTemplates.SlackPretext),
            Text = ConfigReader.Template(m, "text", NotificationTemplates.SlackText),
            Fallback = ConfigReader.Template(m, "fallback", NotificationTemplates.SlackFallback),
            CallbackId = ConfigReader.Template(m, "callback_id", NotificationTemplates.SlackCallbackId),
            Footer = ConfigReader.Template(m, "footer", NotificationTemplates.SlackFooter),
            IconEmoji = ConfigReader.Template(m, "icon_emoji", NotificationTemplates.SlackIconEmoji),
            IconUrl = ConfigReader.Template(m, "icon_url", NotificationTemplates.SlackIconUrl),
            ImageUrl = ConfigReader.Template(m, "image_url", ""),
            ThumbUrl = ConfigReader.Template(m, "thumb_url", ""),
            LinkNames = m.Bool("link_names") ?? false,
            ShortFields = m.Bool("short_fields") ?? false,
            MrkdwnIn = m.StringList("mrkdwn_in"),
            Fields = fields,
        };
        m.RejectUnknown();
        if (c.ApiUrl is not null && c.ApiUrlFile is not null)
        {
            throw m.Error("api_url_file", "at most one of api_url & api_url_file must be configured");
        }

        if (c.ApiUrl is null && c.ApiUrlFile is null)
        {
            if (global.SlackApiUrl is null && global.SlackApiUrlFile is null)
            {
                throw new ConfigException("no global Slack API URL set either inline or in a file", m.Line);
            }

            c = c with { ApiUrl = global.SlackApiUrl, ApiUrlFile = global.SlackApiUrlFile };
        }

        return c;
    }
}

/// <summary>An attachment field; <see cref="Short"/> null takes the config's short_fields.</summary>
public sealed record SlackField(string Title, string Value, bool? Short);
