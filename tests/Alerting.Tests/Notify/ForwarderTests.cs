using System.Text.Json;
using Tsdb.Alerting.Notify;
using Tsdb.Config;
using Tsdb.Storage;

namespace Tsdb.Alerting.Tests.Notify;

public class ForwarderTests
{
    private static AlertingConfig Read(string yaml) => AlertingConfig.Read(YamlConfig.Load(yaml, "alerting_config"), "/etc/tsdb");

    private static NotifierAlert Alert(string name, DateTime? endsAt = null) => new(
        Labels.FromStrings("alertname", name, "job", "api"), Labels.FromStrings("summary", "s"),
        new DateTime(2026, 1, 1, 0, 0, 0, 5, DateTimeKind.Utc), endsAt ?? new DateTime(2026, 1, 1, 0, 4, 0, DateTimeKind.Utc), "http://tsdb/graph?g0.expr=up&g0.tab=1");

    [Fact]
    public void Alerting_section_parses_with_prometheus_defaults()
    {
        var c = Read("""
            alertmanagers:
              - static_configs:
                  - targets: ['am1:9093', 'am2:9093']
              - scheme: https
                path_prefix: /am
                timeout: 3s
                api_version: v2
                basic_auth: {username: u, password: p}
                static_configs:
                  - targets: ['am3']
                    labels: {dc: x}
            """);
        Assert.Equal(2, c.Alertmanagers.Count);
        var first = c.Alertmanagers[0];
        Assert.Equal(TimeSpan.FromSeconds(10), first.Timeout);
        Assert.Equal(["http://am1:9093/api/v2/alerts", "http://am2:9093/api/v2/alerts"], first.Urls.Select(u => u.ToString()));
        var second = c.Alertmanagers[1];
        Assert.Equal(["https://am3/am/api/v2/alerts"], second.Urls.Select(u => u.ToString()));
        Assert.Equal(TimeSpan.FromSeconds(3), second.Timeout);
        Assert.Equal("u", second.HttpConfig.BasicAuth!.Username);
        Assert.Equal("/etc/tsdb", c.BaseDir);
    }

    [Theory]
    [InlineData("alert_relabel_configs: []\n", "alert_relabel_configs in alerting_config is not supported by tsdb")]
    [InlineData("alertmanagers: [{relabel_configs: [], static_configs: [{targets: [a]}]}]", "relabel_configs in alertmanager_config is not supported by tsdb")]
    [InlineData("alertmanagers: [{file_sd_configs: [{files: [x]}]}]", "file_sd_configs in alertmanager_config is not supported")]
    [InlineData("alertmanagers: [{api_version: v1, static_configs: [{targets: [a]}]}]", "expected Alertmanager api version to be one of [v2] but got v1")]
    [InlineData("alertmanagers: [{scheme: ftp}]", "invalid scheme")]
    [InlineData("alertmanagers: [{nope: 1}]", "field nope not found in type alertmanager_config")]
    public void Unsupported_or_invalid_alerting_fields_are_rejected(string yaml, string message) =>
        Assert.Contains(message, Assert.Throws<ConfigException>(() => Read(yaml)).Message);

    [Fact]
    public void Payload_is_a_json_array_of_postable_alerts()
    {
        var j = JsonDocument.Parse(AlertmanagerForwarder.Payload([Alert("A")])).RootElement;
        var a = Assert.Single(j.EnumerateArray().ToList());
        Assert.Equal(["labels", "annotations", "startsAt", "endsAt", "generatorURL"], a.EnumerateObject().Select(p => p.Name));
        Assert.Equal("A", a.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.Equal("2026-01-01T00:00:00.005Z", a.GetProperty("startsAt").GetString());
        Assert.Equal("2026-01-01T00:04:00.000Z", a.GetProperty("endsAt").GetString());
        Assert.Equal("http://tsdb/graph?g0.expr=up&g0.tab=1", a.GetProperty("generatorURL").GetString());
    }

    [Fact]
    public async Task Forwards_in_batches_of_256_to_every_alertmanager_with_path_prefix_and_user_agent()
    {
        await using var am1 = await FakeHttpServer.StartAsync();
        await using var am2 = await FakeHttpServer.StartAsync();
        var c = Read($"alertmanagers:\n  - path_prefix: /prefix/\n    static_configs: [{{targets: ['{am1.Url.Authority}', '{am2.Url.Authority}']}}]\n");
        await using var hub = new NotificationHub(null, c);
        Assert.Equal(2, hub.Forwarders.Count);
        hub.Send(Enumerable.Range(0, 600).Select(i => Alert("A" + i)).ToList());
        foreach (var am in new[] { am1, am2 })
        {
            var sizes = new List<int>();
            for (var i = 0; i < 3; i++)
            {
                var r = await am.NextAsync();
                Assert.Equal("/prefix/api/v2/alerts", r.Path);
                Assert.Equal("Prometheus/3.0.0", r.UserAgent);
                Assert.Equal("application/json", r.ContentType);
                sizes.Add(JsonDocument.Parse(r.Body).RootElement.GetArrayLength());
            }

            Assert.Equal([256, 256, 88], sizes);
        }
    }

    [Fact]
    public async Task Dead_alertmanager_does_not_delay_a_live_one()
    {
        await using var dead = await FakeHttpServer.StartAsync(_ => new FakeResponse(500, "no"));
        await using var live = await FakeHttpServer.StartAsync();
        var c = Read($"alertmanagers:\n  - static_configs: [{{targets: ['{dead.Url.Authority}', '{live.Url.Authority}']}}]\n");
        await using var hub = new NotificationHub(null, c, new NotificationHubOptions { ForwarderDelivery = new DeliveryOptions { InitialBackoff = TimeSpan.FromMilliseconds(20) } });
        hub.Send([Alert("A")]);
        Assert.Contains("\"A\"", (await live.NextAsync()).Body);

        // The dead one keeps retrying the same batch while the live one takes the next alerts.
        await dead.NextAsync();
        hub.Send([Alert("B")]);
        Assert.Contains("\"B\"", (await live.NextAsync()).Body);
        Assert.Contains("\"A\"", (await dead.NextAsync()).Body);
    }
}
