using Tsdb.Config;

namespace Tsdb.Alerting.Notify;

/// <summary>The <c>global</c> section: defaults shared by receivers.</summary>
public sealed record GlobalConfig
{
    public static readonly Uri DefaultPagerdutyUrl = new("https://events.pagerduty.com/v2/enqueue");

    /// <summary>How long an alert without endsAt stays firing (Alertmanager default 5m).</summary>
    public TimeSpan ResolveTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public Uri? SlackApiUrl { get; init; }

    public string? SlackApiUrlFile { get; init; }

    public Uri PagerdutyUrl { get; init; } = DefaultPagerdutyUrl;

    public HttpClientConfig HttpConfig { get; init; } = HttpClientConfig.Default;

    internal static GlobalConfig Read(YamlMap? m)
    {
        if (m is null)
        {
            return new GlobalConfig();
        }

        ConfigReader.RejectUnsupported(m, "email notifications are not implemented",
            "smtp_from", "smtp_hello", "smtp_smarthost", "smtp_auth_username", "smtp_auth_password", "smtp_auth_password_file",
            "smtp_auth_secret", "smtp_auth_secret_file", "smtp_auth_identity", "smtp_require_tls", "smtp_tls_config", "smtp_force_implicit_tls");
        ConfigReader.RejectUnsupported(m, "only Slack, PagerDuty and webhook receivers are implemented",
            "opsgenie_api_url", "opsgenie_api_key", "opsgenie_api_key_file", "wechat_api_url", "wechat_api_secret", "wechat_api_corp_id",
            "victorops_api_url", "victorops_api_key", "victorops_api_key_file", "telegram_api_url", "telegram_bot_token", "webex_api_url",
            "jira_api_url", "rocketchat_api_url", "rocketchat_api_token", "rocketchat_api_token_id", "slack_app_token", "slack_app_token_file",
            "slack_app_url");
        var httpMap = m.Map("http_config", "http_config");
        var http = HttpClientConfig.Default;
        if (httpMap is not null)
        {
            http = HttpClientConfig.Read(httpMap);
            httpMap.RejectUnknown();
        }

        var g = new GlobalConfig
        {
            ResolveTimeout = m.Duration("resolve_timeout") ?? TimeSpan.FromMinutes(5),
            SlackApiUrl = ConfigReader.Url(m, "slack_api_url"),
            SlackApiUrlFile = m.String("slack_api_url_file"),
            PagerdutyUrl = ConfigReader.Url(m, "pagerduty_url") ?? DefaultPagerdutyUrl,
            HttpConfig = http,
        };
        m.RejectUnknown();
        if (g.SlackApiUrl is not null && g.SlackApiUrlFile is not null)
        {
            throw m.Error("slack_api_url_file", "at most one of slack_api_url & slack_api_url_file must be configured");
        }

        return g;
    }
}
