using Tsdb.Config;

namespace Tsdb.Alerting.Notify;

/// <summary>One <c>pagerduty_configs</c> entry, Events API v2 only.</summary>
public sealed record PagerDutyConfig
{
    public bool SendResolved { get; init; } = true;

    public string? RoutingKey { get; init; }

    public string? RoutingKeyFile { get; init; }

    public Uri Url { get; init; } = GlobalConfig.DefaultPagerdutyUrl;

    public HttpClientConfig HttpConfig { get; init; } = HttpClientConfig.Default;

    public string Client { get; init; } = NotificationTemplates.PagerDutyClient;

    public string ClientUrl { get; init; } = NotificationTemplates.PagerDutyClientUrl;

    public string Description { get; init; } = NotificationTemplates.PagerDutyDescription;

    /// <summary>Defaults to the client (Alertmanager: <c>if c.Source == "" { c.Source = c.Client }</c>).</summary>
    public string Source { get; init; } = NotificationTemplates.PagerDutyClient;

    public string Severity { get; init; } = "error";

    public string Class { get; init; } = "";

    public string Component { get; init; } = "";

    public string Group { get; init; } = "";

    /// <summary>custom_details; the four defaults (firing, resolved, num_firing, num_resolved) are added when not overridden.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Details { get; init; } = NotificationTemplates.PagerDutyDefaultDetails;

    public IReadOnlyList<PagerDutyImage> Images { get; init; } = [];

    public IReadOnlyList<PagerDutyLink> Links { get; init; } = [];

    internal static PagerDutyConfig Read(YamlMap m, GlobalConfig global)
    {
        if (m.Has("service_key") || m.Has("service_key_file"))
        {
            var key = m.Has("service_key") ? "service_key" : "service_key_file";
            throw m.Error(key, $"{key} in pagerduty_config is not supported by tsdb: the Events API v1 is not implemented, use routing_key (Events API v2)");
        }

        ConfigReader.RejectUnsupported(m, "notifier-level timeouts are not implemented", "timeout");
        var details = new List<KeyValuePair<string, string>>();
        foreach (var (k, v) in m.StringMap("details"))
        {
            ConfigReader.CheckTemplate(m, "details", "details." + k, v);

            details.Add(new(k, v));
        }

        foreach (var d in NotificationTemplates.PagerDutyDefaultDetails)
        {
            if (!details.Exists(x => x.Key == d.Key))
            {
                details.Add(d);
            }
        }

        var images = new List<PagerDutyImage>();
        foreach (var i in m.MapList("images", "pagerduty_image"))
        {
            images.Add(new PagerDutyImage(ConfigReader.Template(i, "src", ""), ConfigReader.Template(i, "alt", ""), ConfigReader.Template(i, "href", "")));
            i.RejectUnknown();
        }

        var links = new List<PagerDutyLink>();
        foreach (var l in m.MapList("links", "pagerduty_link"))
        {
            links.Add(new PagerDutyLink(ConfigReader.Template(l, "href", ""), ConfigReader.Template(l, "text", "")));
            l.RejectUnknown();
        }

        var client = ConfigReader.Template(m, "client", NotificationTemplates.PagerDutyClient);
        var c = new PagerDutyConfig
        {
            SendResolved = m.Bool("send_resolved") ?? true,
            RoutingKey = m.String("routing_key"),
            RoutingKeyFile = m.String("routing_key_file"),
            Url = ConfigReader.Url(m, "url") ?? global.PagerdutyUrl,
            HttpConfig = ReceiverHttp.Read(m, global),
            Client = client,
            ClientUrl = ConfigReader.Template(m, "client_url", NotificationTemplates.PagerDutyClientUrl),
            Description = ConfigReader.Template(m, "description", NotificationTemplates.PagerDutyDescription),
            Source = ConfigReader.Template(m, "source", client),
            Severity = ConfigReader.Template(m, "severity", "error"),
            Class = ConfigReader.Template(m, "class", ""),
            Component = ConfigReader.Template(m, "component", ""),
            Group = ConfigReader.Template(m, "group", ""),
            Details = details,
            Images = images,
            Links = links,
        };
        m.RejectUnknown();
        if (c.RoutingKey is null && c.RoutingKeyFile is null)
        {
            throw new ConfigException("missing service or routing key in PagerDuty config", m.Line);
        }

        if (c.RoutingKey is not null && c.RoutingKeyFile is not null)
        {
            throw m.Error("routing_key_file", "at most one of routing_key & routing_key_file must be configured");
        }

        return c;
    }
}

public sealed record PagerDutyImage(string Src, string Alt, string Href);

public sealed record PagerDutyLink(string Href, string Text);
