using System.Text;
using Tsdb.Storage;

namespace Tsdb.Alerting.Notify;

/// <summary>
/// The default field templates of Alertmanager's receiver configs (rendered by
/// <see cref="NotificationTemplater"/> over <see cref="DefaultTemplateText"/>), and C# renderings
/// of the same defaults (<see cref="Subject"/>, <see cref="TextAlertList"/>) used to cross-check them.
/// </summary>
public static class NotificationTemplates
{
    public const string SlackTitle = "{{ template \"slack.default.title\" . }}";
    public const string SlackUsername = "{{ template \"slack.default.username\" . }}";
    public const string SlackColor = "{{ if eq .Status \"firing\" }}danger{{ else }}good{{ end }}";
    public const string SlackTitleLink = "{{ template \"slack.default.titlelink\" . }}";
    public const string SlackPretext = "{{ template \"slack.default.pretext\" . }}";
    public const string SlackText = "{{ template \"slack.default.text\" . }}";
    public const string SlackFallback = "{{ template \"slack.default.fallback\" . }}";
    public const string SlackCallbackId = "{{ template \"slack.default.callbackid\" . }}";
    public const string SlackFooter = "{{ template \"slack.default.footer\" . }}";
    public const string SlackIconEmoji = "{{ template \"slack.default.iconemoji\" . }}";
    public const string SlackIconUrl = "{{ template \"slack.default.iconurl\" . }}";
    public const string PagerDutyClient = "{{ template \"pagerduty.default.client\" . }}";
    public const string PagerDutyClientUrl = "{{ template \"pagerduty.default.clientURL\" . }}";
    public const string PagerDutyDescription = "{{ template \"pagerduty.default.description\" .}}";
    public const string PagerDutyFiring = "{{ template \"pagerduty.default.instances\" .Alerts.Firing }}";
    public const string PagerDutyResolved = "{{ template \"pagerduty.default.instances\" .Alerts.Resolved }}";
    public const string PagerDutyNumFiring = "{{ .Alerts.Firing | len }}";
    public const string PagerDutyNumResolved = "{{ .Alerts.Resolved | len }}";

    public static readonly IReadOnlyList<KeyValuePair<string, string>> PagerDutyDefaultDetails =
    [
        new("firing", PagerDutyFiring),
        new("resolved", PagerDutyResolved),
        new("num_firing", PagerDutyNumFiring),
        new("num_resolved", PagerDutyNumResolved),
    ];

    /// <summary>
    /// <c>__subject</c>: <c>[FIRING:2] v1 v2 (c1 c2)</c>. The space before the parenthesis is
    /// always printed, so a title with no extra common labels ends in a space, as Alertmanager's does.
    /// </summary>
    public static string Subject(NotificationData d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var sb = new StringBuilder("[").Append(d.Status.ToUpperInvariant());
        if (d.Status == "firing")
        {
            sb.Append(':').Append(d.Firing.Count());
        }

        sb.Append("] ").AppendJoin(' ', SortedPairs(d.GroupLabels).Select(l => l.Value)).Append(' ');
        if (d.CommonLabels.Count > d.GroupLabels.Count)
        {
            var rest = SortedPairs(d.CommonLabels).Where(l => !d.GroupLabels.Has(l.Name)).Select(l => l.Value);
            sb.Append('(').AppendJoin(' ', rest).Append(')');
        }

        return sb.ToString();
    }

    /// <summary><c>__alertmanagerURL</c>: <c>&lt;external URL&gt;/#/alerts?receiver=&lt;urlquery receiver&gt;</c>.</summary>
    public static string AlertmanagerUrl(NotificationData d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return d.ExternalUrl + "/#/alerts?receiver=" + QueryEscape(d.Receiver);
    }

    /// <summary><c>__text_alert_list</c>, used for PagerDuty's firing/resolved details.</summary>
    public static string TextAlertList(IEnumerable<NotificationAlert> alerts)
    {
        var sb = new StringBuilder();
        foreach (var a in alerts)
        {
            sb.Append("Labels:\n");
            foreach (var l in SortedPairs(a.Labels))
            {
                sb.Append(" - ").Append(l.Name).Append(" = ").Append(l.Value).Append('\n');
            }

            sb.Append("Annotations:\n");
            foreach (var l in SortedPairs(a.Annotations))
            {
                sb.Append(" - ").Append(l.Name).Append(" = ").Append(l.Value).Append('\n');
            }

            sb.Append("Source: ").Append(a.GeneratorUrl).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Alertmanager's KV.SortedPairs: <c>alertname</c> first, then the rest by name.</summary>
    public static IReadOnlyList<Label> SortedPairs(Labels labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var result = new List<Label>(labels.Count);
        foreach (var l in labels)
        {
            if (l.Name == "alertname")
            {
                result.Insert(0, l);
            }
            else
            {
                result.Add(l);
            }
        }

        return result;
    }

    /// <summary>Go's url.QueryEscape (the <c>urlquery</c> function), shared with the template engine.</summary>
    public static string QueryEscape(string s) => Templates.GoEscape.QueryEscape(s);
}
