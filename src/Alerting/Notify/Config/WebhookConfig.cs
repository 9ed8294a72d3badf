using Tsdb.Config;

namespace Tsdb.Alerting.Notify;

/// <summary>One <c>webhook_configs</c> entry (Alertmanager webhook payload version 4).</summary>
public sealed record WebhookConfig
{
    public bool SendResolved { get; init; } = true;

    public Uri? Url { get; init; }

    public string? UrlFile { get; init; }

    /// <summary>0 = all alerts; otherwise the payload carries the first N and truncatedAlerts the rest's count.</summary>
    public int MaxAlerts { get; init; }

    public HttpClientConfig HttpConfig { get; init; } = HttpClientConfig.Default;

    internal static WebhookConfig Read(YamlMap m, GlobalConfig global)
    {
        ConfigReader.RejectUnsupported(m, "notifier-level timeouts are not implemented", "timeout");
        var maxAlerts = m.Long("max_alerts") ?? 0;
        var c = new WebhookConfig
        {
            SendResolved = m.Bool("send_resolved") ?? true,
            Url = ConfigReader.Url(m, "url"),
            UrlFile = m.String("url_file"),
            HttpConfig = ReceiverHttp.Read(m, global),
        };
        m.RejectUnknown();
        if (maxAlerts is < 0 or > int.MaxValue)
        {
            throw m.Error("max_alerts", "max_alerts must be a non-negative integer");
        }

        if (c.Url is null && c.UrlFile is null)
        {
            throw new ConfigException("one of url or url_file must be configured", m.Line);
        }

        if (c.Url is not null && c.UrlFile is not null)
        {
            throw m.Error("url_file", "at most one of url & url_file must be configured");
        }

        return c with { MaxAlerts = (int)maxAlerts };
    }
}
