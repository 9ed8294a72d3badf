using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tsdb.Alerting.Notify;
using Tsdb.Storage;

namespace Tsdb.Alerting.Tests.Notify;

/// <summary>What each receiver puts on the wire, end to end through the hub, field by field.</summary>
public sealed class ReceiverPayloadTests
{
    private const string GroupKey = "{}:{alertname=\"HighLatency\"}";
    private readonly FakeTime _time = new();

    private NotifierAlert Alert(string instance, DateTime? endsAt = null) => new(
        Labels.FromStrings("alertname", "HighLatency", "severity", "critical", "instance", instance, "job", "api"),
        Labels.FromStrings("summary", "latency high on " + instance, "runbook", "http://wiki/rb"),
        new DateTime(2026, 1, 1, 0, 0, 0, 123, DateTimeKind.Utc),
        endsAt ?? _time.UtcNow.AddHours(1),
        "http://tsdb:9090/graph?g0.expr=latency&g0.tab=1");

    private async Task<(NotificationHub Hub, FakeHttpServer Server)> StartAsync(string receiverYaml, string receiverName = "team-x")
    {
        var server = await FakeHttpServer.StartAsync();
        var yaml = $"""
            route:
              receiver: {receiverName}
              group_by: [alertname]
              group_wait: 10s
              group_interval: 1m
            receivers:
              - name: {receiverName}
            {receiverYaml.Replace("URL", server.Url.ToString().TrimEnd('/'), StringComparison.Ordinal)}
            """;
        var hub = new NotificationHub(AlertmanagerConfig.Parse(yaml, null), null, new NotificationHubOptions { Time = _time, ExternalUrl = "http://tsdb:9090/" });
        return (hub, server);
    }

    private static JsonElement Json(RecordedRequest r)
    {
        Assert.Equal("POST", r.Method);
        Assert.Equal("application/json", r.ContentType);
        return JsonDocument.Parse(r.Body).RootElement;
    }

    private static Dictionary<string, string> Map(JsonElement e) =>
        e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    [Fact]
    public async Task Webhook_payload_is_version_4()
    {
        var (hub, server) = await StartAsync("    webhook_configs:\n      - url: URL/hook\n");
        await using var h = hub;
        await using var s = server;
        var a = Alert("a");
        hub.Send([a, Alert("b")]);
        _time.Advance(TimeSpan.FromSeconds(10));
        var req = await server.NextAsync();
        Assert.Equal("/hook", req.Path);
        var j = Json(req);
        Assert.Equal(["receiver", "status", "alerts", "groupLabels", "commonLabels", "commonAnnotations", "externalURL", "version", "groupKey", "truncatedAlerts"],
            j.EnumerateObject().Select(p => p.Name));
        Assert.Equal("4", j.GetProperty("version").GetString());
        Assert.Equal(GroupKey, j.GetProperty("groupKey").GetString());
        Assert.Equal(0, j.GetProperty("truncatedAlerts").GetInt32());
        Assert.Equal("firing", j.GetProperty("status").GetString());
        Assert.Equal("team-x", j.GetProperty("receiver").GetString());
        Assert.Equal(new Dictionary<string, string> { ["alertname"] = "HighLatency" }, Map(j.GetProperty("groupLabels")));
        Assert.Equal(new Dictionary<string, string> { ["alertname"] = "HighLatency", ["job"] = "api", ["severity"] = "critical" }, Map(j.GetProperty("commonLabels")));
        Assert.Equal(new Dictionary<string, string> { ["runbook"] = "http://wiki/rb" }, Map(j.GetProperty("commonAnnotations")));
        Assert.Equal("http://tsdb:9090", j.GetProperty("externalURL").GetString());
        var alerts = j.GetProperty("alerts").EnumerateArray().ToList();
        Assert.Equal(2, alerts.Count);
        var first = alerts[0];
        Assert.Equal(["status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("firing", first.GetProperty("status").GetString());
        Assert.Equal("a", first.GetProperty("labels").GetProperty("instance").GetString());
        Assert.Equal("latency high on a", first.GetProperty("annotations").GetProperty("summary").GetString());
        Assert.Equal("2026-01-01T00:00:00.123Z", first.GetProperty("startsAt").GetString());
        Assert.Equal("0001-01-01T00:00:00Z", first.GetProperty("endsAt").GetString());
        Assert.Equal(a.GeneratorUrl, first.GetProperty("generatorURL").GetString());
        var fp = first.GetProperty("fingerprint").GetString()!;
        Assert.Matches("^[0-9a-f]{16}$", fp);
        Assert.Equal(StoredAlert.FingerprintString(StoredAlert.FingerprintOf(a.Labels)), fp);

        // Resolve one: the next flush reports it resolved with its end time.
        hub.Send([a with { EndsAt = _time.UtcNow }]);
        _time.Advance(TimeSpan.FromMinutes(1));
        var j2 = Json(await server.NextAsync());
        Assert.Equal("firing", j2.GetProperty("status").GetString());
        var resolved = j2.GetProperty("alerts").EnumerateArray().Single(x => x.GetProperty("status").GetString() == "resolved");
        Assert.Equal("2026-01-01T00:00:10Z", resolved.GetProperty("endsAt").GetString());
    }

    [Fact]
    public void Fingerprint_matches_prometheus_common_model()
    {
        // model.LabelSet{"alertname":"A"}.Fingerprint(): FNV-1a 64 of "alertname\xffA\xff".
        ulong h = 14695981039346656037;
        foreach (var b in (byte[])[.. "alertname"u8, 0xff, (byte)'A', 0xff])
        {
            h = (h ^ b) * 1099511628211;
        }

        Assert.Equal(h, StoredAlert.FingerprintOf(Labels.FromStrings("alertname", "A")));
        Assert.Equal(14695981039346656037UL, StoredAlert.FingerprintOf(Labels.Empty));
    }

    [Fact]
    public async Task Webhook_max_alerts_truncates()
    {
        var (hub, server) = await StartAsync("    webhook_configs:\n      - url: URL/hook\n        max_alerts: 2\n");
        await using var h = hub;
        await using var s = server;
        hub.Send([Alert("a"), Alert("b"), Alert("c")]);
        _time.Advance(TimeSpan.FromSeconds(10));
        var j = Json(await server.NextAsync());
        Assert.Equal(1, j.GetProperty("truncatedAlerts").GetInt32());
        Assert.Equal(2, j.GetProperty("alerts").GetArrayLength());
    }

    [Fact]
    public async Task Slack_payload_matches_alertmanager_defaults()
    {
        var (hub, server) = await StartAsync("    slack_configs:\n      - api_url: URL/services/T/B/X\n        channel: '#alerts'\n        send_resolved: true\n");
        await using var h = hub;
        await using var s = server;
        var a = Alert("a");
        hub.Send([a, Alert("b")]);
        _time.Advance(TimeSpan.FromSeconds(10));
        var req = await server.NextAsync();
        Assert.Equal("/services/T/B/X", req.Path);
        var j = Json(req);
        Assert.Equal(["channel", "username", "attachments"], j.EnumerateObject().Select(p => p.Name));
        Assert.Equal("#alerts", j.GetProperty("channel").GetString());
        Assert.Equal("Alertmanager", j.GetProperty("username").GetString());
        var att = Assert.Single(j.GetProperty("attachments").EnumerateArray().ToList());
        Assert.Equal("[FIRING:2] HighLatency (api critical)", att.GetProperty("title").GetString());
        Assert.Equal("http://tsdb:9090/#/alerts?receiver=team-x", att.GetProperty("title_link").GetString());
        Assert.Equal("[FIRING:2] HighLatency (api critical) | http://tsdb:9090/#/alerts?receiver=team-x", att.GetProperty("fallback").GetString());
        Assert.Equal("danger", att.GetProperty("color").GetString());
        Assert.Equal("", att.GetProperty("text").GetString());
        Assert.Equal("", att.GetProperty("callback_id").GetString());
        Assert.Equal("", att.GetProperty("footer").GetString());
        Assert.False(att.TryGetProperty("pretext", out _));
        Assert.Equal(["fallback", "pretext", "text"], att.GetProperty("mrkdwn_in").EnumerateArray().Select(x => x.GetString()));

        hub.Send([a with { EndsAt = _time.UtcNow }, Alert("b", _time.UtcNow)]);
        _time.Advance(TimeSpan.FromMinutes(1));
        var att2 = Json(await server.NextAsync()).GetProperty("attachments")[0];
        Assert.Equal("[RESOLVED] HighLatency (api critical)", att2.GetProperty("title").GetString());
        Assert.Equal("good", att2.GetProperty("color").GetString());
    }

    [Fact]
    public async Task Slack_title_ends_in_space_without_extra_common_labels_and_fields_render()
    {
        var (hub, server) = await StartAsync("""
                slack_configs:
                  - api_url: URL/s
                    username: bot
                    icon_emoji: ':fire:'
                    title: Static title
                    text: hello *world*
                    short_fields: true
                    fields:
                      - {title: Env, value: prod}
                      - {title: Team, value: db, short: false}
            """);
        await using var h = hub;
        await using var s = server;
        hub.Send([new NotifierAlert(Labels.FromStrings("alertname", "HighLatency"), Labels.Empty, _time.UtcNow, _time.UtcNow.AddHours(1), "")]);
        _time.Advance(TimeSpan.FromSeconds(10));
        var j = Json(await server.NextAsync());
        Assert.Equal("bot", j.GetProperty("username").GetString());
        Assert.Equal(":fire:", j.GetProperty("icon_emoji").GetString());
        var att = j.GetProperty("attachments")[0];
        Assert.Equal("Static title", att.GetProperty("title").GetString());
        Assert.Equal("hello *world*", att.GetProperty("text").GetString());
        Assert.Equal("[FIRING:1] HighLatency  | http://tsdb:9090/#/alerts?receiver=team-x", att.GetProperty("fallback").GetString());
        var fields = att.GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal("Env", fields[0].GetProperty("title").GetString());
        Assert.Equal("prod", fields[0].GetProperty("value").GetString());
        Assert.True(fields[0].GetProperty("short").GetBoolean());
        Assert.False(fields[1].GetProperty("short").GetBoolean());
    }

    [Fact]
    public void Slack_title_is_truncated_to_1024_runes()
    {
        var data = NotificationData.Create("r", Labels.FromStrings("alertname", new string('x', 2000)),
            [new NotificationAlert("firing", Labels.FromStrings("alertname", new string('x', 2000)), Labels.Empty, default, default, "", "0")], "http://x");
        var j = JsonDocument.Parse(SlackNotifier.Payload(new SlackConfig(), NotificationTemplater.Default, data)).RootElement;
        var title = j.GetProperty("attachments")[0].GetProperty("title").GetString()!;
        Assert.Equal(1024, title.EnumerateRunes().Count());
        Assert.EndsWith("x…", title);
    }

    [Fact]
    public async Task Slack_non_ok_response_is_an_error_and_not_retried()
    {
        var (hub, server) = await StartAsync("    slack_configs:\n      - api_url: URL/s\n");
        await using var h = hub;
        await using var s = server;
        server.Respond = _ => new FakeResponse(200, "invalid_token");
        hub.Send([Alert("a")]);
        _time.Advance(TimeSpan.FromSeconds(10));
        await server.NextAsync();
        Assert.True(await server.QuietForAsync(1.5));
    }

    [Fact]
    public async Task PagerDuty_event_v2()
    {
        var (hub, server) = await StartAsync("""
                pagerduty_configs:
                  - routing_key: 0123456789abcdef0123456789abcdef
                    url: URL/v2/enqueue
                    details:
                      team: db
            """);
        await using var h = hub;
        await using var s = server;
        var a = Alert("a");
        hub.Send([a]);
        _time.Advance(TimeSpan.FromSeconds(10));
        var req = await server.NextAsync();
        Assert.Equal("/v2/enqueue", req.Path);
        var j = Json(req);
        Assert.Equal(["routing_key", "dedup_key", "event_action", "payload", "client", "client_url"], j.EnumerateObject().Select(p => p.Name));
        Assert.Equal("0123456789abcdef0123456789abcdef", j.GetProperty("routing_key").GetString());
        var dedup = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(GroupKey)));
        Assert.Equal(dedup, j.GetProperty("dedup_key").GetString());
        Assert.Equal(64, dedup.Length);
        Assert.Equal("trigger", j.GetProperty("event_action").GetString());
        Assert.Equal("Alertmanager", j.GetProperty("client").GetString());
        Assert.Equal("http://tsdb:9090/#/alerts?receiver=team-x", j.GetProperty("client_url").GetString());
        var p = j.GetProperty("payload");
        Assert.Equal("[FIRING:1] HighLatency (a api critical)", p.GetProperty("summary").GetString());
        Assert.Equal("Alertmanager", p.GetProperty("source").GetString());
        Assert.Equal("error", p.GetProperty("severity").GetString());
        Assert.False(p.TryGetProperty("timestamp", out _));
        var details = Map(p.GetProperty("custom_details"));
        Assert.Equal(["firing", "num_firing", "num_resolved", "resolved", "team"], details.Keys);
        Assert.Equal("db", details["team"]);
        Assert.Equal("1", details["num_firing"]);
        Assert.Equal("0", details["num_resolved"]);
        Assert.Equal("", details["resolved"]);
        Assert.Equal(
            "Labels:\n - alertname = HighLatency\n - instance = a\n - job = api\n - severity = critical\n"
            + "Annotations:\n - runbook = http://wiki/rb\n - summary = latency high on a\n"
            + "Source: http://tsdb:9090/graph?g0.expr=latency&g0.tab=1\n",
            details["firing"]);

        hub.Send([a with { EndsAt = _time.UtcNow }]);
        _time.Advance(TimeSpan.FromMinutes(1));
        var j2 = Json(await server.NextAsync());
        Assert.Equal("resolve", j2.GetProperty("event_action").GetString());
        Assert.Equal(dedup, j2.GetProperty("dedup_key").GetString());
        Assert.Equal("[RESOLVED] HighLatency (a api critical)", j2.GetProperty("payload").GetProperty("summary").GetString());
    }

    [Fact]
    public void PagerDuty_oversized_event_drops_custom_details()
    {
        var big = new string('y', 600_000);
        var data = NotificationData.Create("r", Labels.Empty,
            [new NotificationAlert("firing", Labels.FromStrings("alertname", "A"), Labels.FromStrings("big", big), default, default, "", "0")], "http://x");
        var body = PagerDutyNotifier.Payload(new PagerDutyConfig { RoutingKey = "k" }, NotificationTemplater.Default, "k", "{}:{}", data);
        Assert.True(body.Length < PagerDutyNotifier.MaxEventSize);
        var details = JsonDocument.Parse(body).RootElement.GetProperty("payload").GetProperty("custom_details");
        Assert.Equal("Custom details have been removed because the original event exceeds the maximum size of 512KB", details.GetProperty("error").GetString());
    }

    [Fact]
    public void PagerDuty_summary_is_truncated_to_1024_runes()
    {
        var name = string.Concat(Enumerable.Repeat("é", 3000));
        var data = NotificationData.Create("r", Labels.FromStrings("alertname", name),
            [new NotificationAlert("firing", Labels.FromStrings("alertname", name), Labels.Empty, default, default, "", "0")], "http://x");
        var j = JsonDocument.Parse(PagerDutyNotifier.Payload(new PagerDutyConfig(), NotificationTemplater.Default, "k", "g", data)).RootElement;
        Assert.Equal(1024, j.GetProperty("payload").GetProperty("summary").GetString()!.EnumerateRunes().Count());
    }

    [Fact]
    public void Url_query_escaping_matches_go()
    {
        Assert.Equal("team+x%2Fy%C3%A9", NotificationTemplates.QueryEscape("team x/yé"));
    }
}
