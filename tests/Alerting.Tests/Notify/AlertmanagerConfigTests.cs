using Tsdb.Alerting.Notify;
using Tsdb.Config;
using Tsdb.Storage;

namespace Tsdb.Alerting.Tests.Notify;

public class AlertmanagerConfigTests
{
    private const string Minimal = """
        route:
          receiver: web
        receivers:
          - name: web
            webhook_configs:
              - url: http://127.0.0.1:1/hook
        """;

    private static AlertmanagerConfig Parse(string yaml) => AlertmanagerConfig.Parse(yaml, null);

    private static ConfigException Fails(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml));

    [Fact]
    public void Minimal_config_gets_alertmanager_defaults()
    {
        var c = Parse(Minimal);
        Assert.Equal(TimeSpan.FromMinutes(5), c.Global.ResolveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), c.Route.GroupWait);
        Assert.Equal(TimeSpan.FromMinutes(5), c.Route.GroupInterval);
        Assert.Equal(TimeSpan.FromHours(4), c.Route.RepeatInterval);
        Assert.Empty(c.Route.GroupBy);
        Assert.False(c.Route.GroupByAll);
        Assert.Equal("{}", c.Route.Key);
        var w = Assert.Single(Assert.Single(c.Receivers).WebhookConfigs);
        Assert.True(w.SendResolved);
        Assert.Equal(0, w.MaxAlerts);
        Assert.Equal("http://127.0.0.1:1/hook", w.Url!.ToString());
    }

    [Fact]
    public void Full_config_parses_and_children_inherit()
    {
        var c = Parse("""
            global:
              resolve_timeout: 1m
              slack_api_url: https://hooks.slack.com/services/T/B/X
              pagerduty_url: https://pd.example/v2/enqueue
            route:
              receiver: default
              group_by: [alertname, cluster]
              group_wait: 10s
              group_interval: 1m
              repeat_interval: 2h
              routes:
                - matchers: ['severity="critical"', 'team=~"db|infra"']
                  receiver: pager
                  continue: true
                - match: {team: web}
                  match_re: {env: prod.*}
                  group_by: ['...']
                  group_wait: 1s
                  routes:
                    - matchers: ['{service!="x", zone!~"eu-.*"}']
            receivers:
              - name: default
                slack_configs:
                  - channel: '#alerts'
                    send_resolved: true
                    fields:
                      - title: Runbook
                        value: see wiki
                        short: true
              - name: pager
                pagerduty_configs:
                  - routing_key: 0123456789abcdef0123456789abcdef
                    severity: critical
                    details:
                      team: db
            inhibit_rules:
              - source_matchers: [severity="critical"]
                target_matchers: [severity="warning"]
                equal: [alertname, cluster]
              - source_match: {severity: page}
                target_match_re: {severity: info|warning}
            """);
        Assert.Equal(TimeSpan.FromMinutes(1), c.Global.ResolveTimeout);
        var pager = c.Route.Routes[0];
        Assert.Equal("pager", pager.Receiver);
        Assert.True(pager.Continue);
        Assert.Equal(TimeSpan.FromSeconds(10), pager.GroupWait);
        Assert.Equal(TimeSpan.FromHours(2), pager.RepeatInterval);
        Assert.Equal(["alertname", "cluster"], pager.GroupBy.Order());
        Assert.Equal("{}/{severity=\"critical\",team=~\"db|infra\"}", pager.Key);
        var web = c.Route.Routes[1];
        Assert.Equal("default", web.Receiver);
        Assert.True(web.GroupByAll);
        Assert.Equal(TimeSpan.FromSeconds(1), web.GroupWait);
        Assert.Equal("{}/{env=~\"prod.*\",team=\"web\"}", web.Key);
        var grandchild = Assert.Single(web.Routes);
        Assert.True(grandchild.GroupByAll);
        Assert.Equal(TimeSpan.FromSeconds(1), grandchild.GroupWait);
        Assert.Equal("{}/{env=~\"prod.*\",team=\"web\"}/{service!=\"x\",zone!~\"eu-.*\"}", grandchild.Key);

        var slack = Assert.Single(c.Receivers[0].SlackConfigs);
        Assert.Equal("https://hooks.slack.com/services/T/B/X", slack.ApiUrl!.ToString());
        Assert.Equal("#alerts", slack.Channel);
        Assert.True(slack.SendResolved);
        Assert.Equal(new SlackField("Runbook", "see wiki", true), Assert.Single(slack.Fields));

        var pd = Assert.Single(c.Receivers[1].PagerDutyConfigs);
        Assert.Equal("https://pd.example/v2/enqueue", pd.Url.ToString());
        Assert.True(pd.SendResolved);
        Assert.Equal("critical", pd.Severity);
        Assert.Equal(["team", "firing", "resolved", "num_firing", "num_resolved"], pd.Details.Select(d => d.Key));

        Assert.Equal(2, c.InhibitRules.Count);
        Assert.Equal(["alertname", "cluster"], c.InhibitRules[0].Equal);
        Assert.Equal("{severity=\"page\"}", c.InhibitRules[1].Source.ToString());
        Assert.Equal("{severity=~\"info|warning\"}", c.InhibitRules[1].Target.ToString());
    }

    [Fact]
    public void Route_match_is_depth_first_with_continue()
    {
        var c = Parse("""
            route:
              receiver: a
              routes:
                - matchers: [x="1"]
                  receiver: b
                  continue: true
                - matchers: [x=~"1|2"]
                  receiver: c
                - matchers: [x="1"]
                  receiver: d
            receivers: [{name: a}, {name: b}, {name: c}, {name: d}]
            """);
        Assert.Equal(["b", "c"], c.Route.Match(Labels.FromStrings("x", "1")).Select(r => r.Receiver));
        Assert.Equal(["c"], c.Route.Match(Labels.FromStrings("x", "2")).Select(r => r.Receiver));
        Assert.Equal(["a"], c.Route.Match(Labels.FromStrings("x", "3")).Select(r => r.Receiver));
    }

    [Fact]
    public void Load_resolves_relative_files_and_names_the_file_in_errors()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var path = Path.Combine(dir.FullName, "am.yml");
            File.WriteAllText(path, Minimal);
            Assert.Equal(dir.FullName, AlertmanagerConfig.Load(path).BaseDir);
            File.WriteAllText(path, "route:\n  receiver: nope\n");
            var e = Assert.Throws<ConfigException>(() => AlertmanagerConfig.Load(path));
            Assert.Equal(path, e.File);
            Assert.Contains("undefined receiver \"nope\" used in route", e.Describe());
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Theory]
    [InlineData("route: {receiver: web}\nreceivers: [{name: web}]\ntime_intervals: []\n", 0, "time_intervals in alertmanager_config is not supported")]
    [InlineData("route: {receiver: web}\nreceivers: [{name: web}]\nmute_time_intervals: [{name: x}]\n", 3, "mute_time_intervals in alertmanager_config is not supported")]
    [InlineData("route: {receiver: web}\nreceivers:\n  - name: web\n    email_configs: [{to: a@b.c}]\n", 4, "email_configs in receiver is not supported by tsdb")]
    [InlineData("route: {receiver: web}\nreceivers:\n  - name: web\n    opsgenie_configs: [{api_key: x}]\n", 4, "opsgenie_configs in receiver is not supported")]
    [InlineData("global:\n  smtp_smarthost: 'mail:25'\nroute: {receiver: web}\nreceivers: [{name: web}]\n", 2, "smtp_smarthost in global_config is not supported by tsdb (email notifications")]
    [InlineData("route:\n  receiver: web\n  mute_time_intervals: [night]\nreceivers: [{name: web}]\n", 3, "mute_time_intervals in route is not supported")]
    [InlineData("route: {receiver: web}\nreceivers:\n  - name: web\n    pagerduty_configs:\n      - service_key: abc\n", 5, "service_key in pagerduty_config is not supported by tsdb: the Events API v1")]
    [InlineData("route: {receiver: web}\nreceivers:\n  - name: web\n    slack_configs:\n      - api_url: http://x/\n        actions: []\n", 0, "actions in slack_config is not supported")]
    [InlineData("route: {receiver: web}\nreceivers:\n  - name: web\n    slack_configs:\n      - api_url: http://x/\n        title: '{{ .CommonLabels.alertname '\n", 6, "invalid template in slack_config title: template:")]
    [InlineData("route: {receiver: web}\nreceivers:\n  - name: web\n    pagerduty_configs:\n      - routing_key: k\n        details: {a: '{{ nosuchfunc }}'}\n", 6, "invalid template in pagerduty_config details.a")]
    public void Unsupported_alertmanager_features_are_rejected_by_name(string yaml, int line, string message)
    {
        var e = Fails(yaml);
        Assert.Contains(message, e.Message);
        if (line > 0)
        {
            Assert.Equal(line, e.Line);
        }
    }

    [Theory]
    [InlineData("receivers: [{name: web}]\n", "no route provided in config")]
    [InlineData("route: {group_wait: 1s}\nreceivers: [{name: web}]\n", "root route must specify a default receiver")]
    [InlineData("route: {receiver: web, matchers: ['a=\"b\"']}\nreceivers: [{name: web}]\n", "root route must not have any matchers")]
    [InlineData("route: {receiver: web, match: {a: b}}\nreceivers: [{name: web}]\n", "root route must not have any matchers")]
    [InlineData("route: {receiver: web, continue: true}\nreceivers: [{name: web}]\n", "cannot have continue in root route")]
    [InlineData("route: {receiver: web, routes: [{receiver: other}]}\nreceivers: [{name: web}]\n", "undefined receiver \"other\" used in route")]
    [InlineData("route: {receiver: web}\nreceivers: [{name: web}, {name: web}]\n", "notification config name \"web\" is not unique")]
    [InlineData("route: {receiver: web}\nreceivers: [{slack_configs: []}]\n", "missing name in receiver")]
    [InlineData("route: {receiver: web, group_by: ['...', a]}\nreceivers: [{name: web}]\n", "cannot have wildcard group_by")]
    [InlineData("route: {receiver: web, group_by: [a, a]}\nreceivers: [{name: web}]\n", "duplicated label \"a\" in group_by")]
    [InlineData("route: {receiver: web, group_interval: 0s}\nreceivers: [{name: web}]\n", "group_interval cannot be zero")]
    [InlineData("route: {receiver: web, repeat_interval: 0s}\nreceivers: [{name: web}]\n", "repeat_interval cannot be zero")]
    [InlineData("route: {receiver: web, group_wait: 5x}\nreceivers: [{name: web}]\n", "not a valid duration string")]
    [InlineData("route: {receiver: web, routes: [{matchers: ['a=~\"(\"']}]}\nreceivers: [{name: web}]\n", "bad matcher format")]
    [InlineData("route: {receiver: web, routes: [{matchers: ['a']}]}\nreceivers: [{name: web}]\n", "bad matcher format")]
    [InlineData("route: {receiver: web, foo: 1}\nreceivers: [{name: web}]\n", "field foo not found in type route")]
    [InlineData("route: {receiver: web}\nreceivers:\n  - name: web\n    slack_configs: [{channel: '#a'}]\n", "no global Slack API URL set")]
    [InlineData("route: {receiver: web}\nreceivers:\n  - name: web\n    slack_configs: [{api_url: 'ftp://x'}]\n", "unsupported scheme")]
    [InlineData("route: {receiver: web}\nreceivers:\n  - name: web\n    pagerduty_configs: [{severity: error}]\n", "missing service or routing key in PagerDuty config")]
    [InlineData("route: {receiver: web}\nreceivers:\n  - name: web\n    pagerduty_configs: [{routing_key: a, routing_key_file: b}]\n", "at most one of routing_key & routing_key_file")]
    [InlineData("route: {receiver: web}\nreceivers:\n  - name: web\n    webhook_configs: [{send_resolved: true}]\n", "one of url or url_file must be configured")]
    [InlineData("route: {receiver: web}\nreceivers:\n  - name: web\n    webhook_configs: [{url: 'http://x/', max_alerts: -1}]\n", "max_alerts must be a non-negative integer")]
    [InlineData("route: {receiver: web}\nreceivers:\n  - name: web\n    webhook_configs: [{url: 'http://x/', http_config: {oauth2: {}}}]\n", "oauth2 is not supported")]
    [InlineData("route: {receiver: web}\nreceivers: [{name: web}]\ninhibit_rules: [{source_matchers: ['a=\"b\"'], bogus: 1}]\n", "field bogus not found in type inhibit_rule")]
    public void Invalid_configs_fail_like_alertmanager(string yaml, string message) =>
        Assert.Contains(message, Fails(yaml).Message);

    [Theory]
    [InlineData("a=\"b\"", "{a=\"b\"}")]
    [InlineData("a = b", "{a=\"b\"}")]
    [InlineData("{a!=\"b\", c=~\"x|y\"}", "{a!=\"b\",c=~\"x|y\"}")]
    [InlineData("severity!~warning|info", "{severity!~\"warning|info\"}")]
    [InlineData("a=\"quo\\\"te\"", "{a=\"quo\\\"te\"}")]
    [InlineData("a=\"\"", "{a=\"\"}")]
    public void Matcher_strings_parse(string text, string printed) =>
        Assert.Equal(printed, new MatcherSet(MatcherParser.Parse(text)).ToString());

    [Fact]
    public void Matchers_are_anchored_and_absent_labels_match_empty()
    {
        var ls = Labels.FromStrings("job", "node", "env", "prod");
        Assert.True(new MatcherSet(MatcherParser.Parse("job=~\"no.*\"")).Matches(ls));
        Assert.False(new MatcherSet(MatcherParser.Parse("job=~\"od\"")).Matches(ls));
        Assert.True(new MatcherSet(MatcherParser.Parse("missing=\"\"")).Matches(ls));
        Assert.True(new MatcherSet(MatcherParser.Parse("missing!~\".+\"")).Matches(ls));
        Assert.False(new MatcherSet(MatcherParser.Parse("env!=prod")).Matches(ls));
    }
}
