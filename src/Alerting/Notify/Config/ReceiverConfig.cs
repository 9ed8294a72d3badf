using Tsdb.Config;

namespace Tsdb.Alerting.Notify;

/// <summary>A named receiver and its integrations.</summary>
public sealed record ReceiverConfig(
    string Name,
    IReadOnlyList<SlackConfig> SlackConfigs,
    IReadOnlyList<PagerDutyConfig> PagerDutyConfigs,
    IReadOnlyList<WebhookConfig> WebhookConfigs)
{
    internal static ReceiverConfig Read(YamlMap m, GlobalConfig global)
    {
        ConfigReader.RejectUnsupported(m, "only slack_configs, pagerduty_configs and webhook_configs are implemented",
            "email_configs", "opsgenie_configs", "wechat_configs", "pushover_configs", "victorops_configs", "sns_configs",
            "telegram_configs", "webex_configs", "discord_configs", "msteams_configs", "msteamsv2_configs", "jira_configs",
            "rocketchat_configs", "incidentio_configs", "mattermost_configs");
        var name = m.String("name");
        if (string.IsNullOrEmpty(name))
        {
            throw new ConfigException("missing name in receiver", m.Line);
        }

        var r = new ReceiverConfig(
            name,
            m.MapList("slack_configs", "slack_config").Select(x => SlackConfig.Read(x, global)).ToList(),
            m.MapList("pagerduty_configs", "pagerduty_config").Select(x => PagerDutyConfig.Read(x, global)).ToList(),
            m.MapList("webhook_configs", "webhook_config").Select(x => WebhookConfig.Read(x, global)).ToList());
        m.RejectUnknown();
        return r;
    }
}
