using Tsdb.Alerting.Notify;
using Tsdb.Storage;

namespace Tsdb.Alerting.Tests.Notify;

/// <summary>Receiver fields rendered by the Go template engine over the notification data.</summary>
public class NotificationTemplaterTests
{
    private static NotificationData Data(string status = "firing") => NotificationData.Create(
        "team x",
        Labels.FromStrings("alertname", "DiskFull"),
        [
            new NotificationAlert(status, Labels.FromStrings("alertname", "DiskFull", "instance", "a", "severity", "page"), Labels.FromStrings("summary", "a is full"),
                new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), default, "http://g/1", "0000000000000001"),
            new NotificationAlert("resolved", Labels.FromStrings("alertname", "DiskFull", "instance", "b", "severity", "page"), Labels.FromStrings("summary", "b is full"),
                new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 1, 1, 0, 0, DateTimeKind.Utc), "http://g/2", "0000000000000002"),
        ],
        "http://tsdb:9090");

    [Theory]
    [InlineData(NotificationTemplates.SlackTitle, "[FIRING:1] DiskFull (page)")]
    [InlineData(NotificationTemplates.SlackTitleLink, "http://tsdb:9090/#/alerts?receiver=team+x")]
    [InlineData(NotificationTemplates.SlackFallback, "[FIRING:1] DiskFull (page) | http://tsdb:9090/#/alerts?receiver=team+x")]
    [InlineData(NotificationTemplates.SlackUsername, "Alertmanager")]
    [InlineData(NotificationTemplates.SlackColor, "danger")]
    [InlineData(NotificationTemplates.SlackText, "")]
    [InlineData(NotificationTemplates.PagerDutyNumFiring, "1")]
    [InlineData(NotificationTemplates.PagerDutyNumResolved, "1")]
    [InlineData("{{ .CommonLabels.severity }} {{ .GroupLabels.alertname }} {{ len .Alerts }}", "page DiskFull 2")]
    [InlineData("{{ range .Alerts.Firing }}{{ .Labels.instance }}: {{ .Annotations.summary }}{{ end }}", "a: a is full")]
    [InlineData("{{ range .Alerts }}{{ .Fingerprint }} {{ end }}", "0000000000000001 0000000000000002 ")]
    [InlineData("{{ (index .Alerts 1).EndsAt | date \"15:04\" }}", "01:00")]
    [InlineData("{{ .CommonLabels.Remove .GroupLabels.Names }}", "severity=page")]
    [InlineData("{{ .ExternalURL }} {{ .Receiver }} {{ .Status }}", "http://tsdb:9090 team x firing")]
    [InlineData("plain text", "plain text")]
    public void Renders_like_alertmanager(string template, string expected) =>
        Assert.Equal(expected, NotificationTemplater.Default.Render(template, Data()));

    [Fact]
    public void Engine_defaults_agree_with_the_csharp_renderings()
    {
        foreach (var d in new[] { Data(), Data("resolved") })
        {
            Assert.Equal(NotificationTemplates.Subject(d), NotificationTemplater.Default.Render(NotificationTemplates.PagerDutyDescription, d));
            Assert.Equal(NotificationTemplates.AlertmanagerUrl(d), NotificationTemplater.Default.Render(NotificationTemplates.PagerDutyClientUrl, d));
            Assert.Equal(NotificationTemplates.TextAlertList(d.Firing), NotificationTemplater.Default.Render(NotificationTemplates.PagerDutyFiring, d));
            Assert.Equal(NotificationTemplates.TextAlertList(d.Resolved), NotificationTemplater.Default.Render(NotificationTemplates.PagerDutyResolved, d));
        }
    }

    [Fact]
    public void Template_files_from_the_config_override_defaults()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "tmpl"));
            File.WriteAllText(Path.Combine(dir.FullName, "tmpl", "custom.tmpl"),
                "{{ define \"slack.default.title\" }}custom {{ .Receiver }}{{ end }}\n{{ define \"my.text\" }}{{ range .Alerts }}{{ .Labels.instance }} {{ end }}{{ end }}");
            var path = Path.Combine(dir.FullName, "am.yml");
            File.WriteAllText(path, """
                templates: ['tmpl/*.tmpl', 'missing/*.tmpl']
                route: {receiver: s}
                receivers:
                  - name: s
                    slack_configs:
                      - api_url: http://127.0.0.1:1/
                        text: '{{ template "my.text" . }}'
                """);
            var c = AlertmanagerConfig.Load(path);
            var slack = c.Receivers[0].SlackConfigs[0];
            Assert.Equal("custom team x", c.Templater.Render(slack.Title, Data()));
            Assert.Equal("a b ", c.Templater.Render(slack.Text, Data()));
            Assert.Equal("[FIRING:1] DiskFull (page)", NotificationTemplater.Default.Render(slack.Title, Data()));

            File.WriteAllText(Path.Combine(dir.FullName, "tmpl", "bad.tmpl"), "{{ define \"x\" }}{{ if }}{{ end }}");
            Assert.Contains("failed to parse templates", Assert.Throws<Tsdb.Config.ConfigException>(() => AlertmanagerConfig.Load(path)).Message);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public async Task Custom_slack_fields_render_through_the_hub()
    {
        var time = new FakeTime();
        await using var server = await FakeHttpServer.StartAsync();
        var yaml = $$$"""
            route: {receiver: s, group_wait: 1s, group_by: [alertname]}
            receivers:
              - name: s
                slack_configs:
                  - api_url: {{{server.Url}}}s
                    title: '{{ .CommonLabels.alertname }} on {{ .CommonLabels.job }}'
                    text: '{{ range .Alerts }}*{{ .Annotations.summary }}*{{ end }}'
            """;
        await using var hub = new NotificationHub(AlertmanagerConfig.Parse(yaml, null), null, new NotificationHubOptions { Time = time });
        hub.Send([new NotifierAlert(Labels.FromStrings("alertname", "Down", "job", "api"), Labels.FromStrings("summary", "api down"), time.UtcNow, time.UtcNow.AddHours(1), "")]);
        time.Advance(TimeSpan.FromSeconds(1));
        var att = System.Text.Json.JsonDocument.Parse((await server.NextAsync()).Body).RootElement.GetProperty("attachments")[0];
        Assert.Equal("Down on api", att.GetProperty("title").GetString());
        Assert.Equal("*api down*", att.GetProperty("text").GetString());
    }
}
