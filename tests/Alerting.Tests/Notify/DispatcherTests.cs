using System.Threading.Channels;
using Tsdb.Alerting.Notify;
using Tsdb.Storage;

namespace Tsdb.Alerting.Tests.Notify;

public sealed class DispatcherTests : IAsyncDisposable
{
    private readonly FakeTime _time = new();
    private readonly NotifyState _state = new();
    private readonly List<IntegrationSender> _senders = [];
    private readonly Dictionary<string, Recorder> _recorders = [];
    private Dispatcher? _dispatcher;

    private sealed class Recorder(bool sendResolved) : INotifier
    {
        public Channel<Notification> Received { get; } = Channel.CreateUnbounded<Notification>();

        public string Integration => "webhook";

        public bool SendResolved => sendResolved;

        public Task<DeliveryResult> NotifyAsync(Notification notification, CancellationToken ct)
        {
            Received.Writer.TryWrite(notification);
            return Task.FromResult(DeliveryResult.Ok);
        }

        public void Dispose()
        {
        }

        public async Task<Notification> NextAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return await Received.Reader.ReadAsync(cts.Token);
        }

        public async Task<bool> QuietAsync()
        {
            await Task.Delay(150);
            return !Received.Reader.TryPeek(out _);
        }
    }

    private Dispatcher Start(string routeYaml, string receivers = "[{name: r}]", string inhibit = "[]", bool sendResolved = true)
    {
        var config = AlertmanagerConfig.Parse($"route:\n{routeYaml}\nreceivers: {receivers}\ninhibit_rules: {inhibit}\n", null);
        var map = new Dictionary<string, IReadOnlyList<IntegrationSender>>();
        foreach (var r in config.Receivers)
        {
            var rec = new Recorder(sendResolved);
            _recorders[r.Name] = rec;
            var s = new IntegrationSender(r.Name, 0, rec, new DeliveryOptions(), 100, (_, _) => { });
            _senders.Add(s);
            map[r.Name] = [s];
        }

        _dispatcher = new Dispatcher(config, map, _state, _time, "http://tsdb:9090");
        return _dispatcher;
    }

    private NotifierAlert Firing(string name, params string[] extra) =>
        new(Labels.FromStrings(["alertname", name, .. extra]), Labels.FromStrings("summary", name + " is down"),
            _time.UtcNow, _time.UtcNow.AddHours(1), "http://tsdb:9090/graph?g0.expr=up&g0.tab=1");

    private NotifierAlert Resolved(NotifierAlert a) => a with { EndsAt = _time.UtcNow };

    private void Advance(double seconds) => _time.Advance(TimeSpan.FromSeconds(seconds));

    [Fact]
    public async Task New_group_waits_group_wait_then_sends_once_with_dispatch_group_key()
    {
        var d = Start("  receiver: r\n  group_by: [alertname]\n  group_wait: 30s\n  group_interval: 5m");
        d.Put([Firing("HighLatency", "instance", "a"), Firing("HighLatency", "instance", "b")]);
        Advance(29);
        Assert.True(await _recorders["r"].QuietAsync());
        Advance(1);
        var n = await _recorders["r"].NextAsync();
        Assert.Equal("{}:{alertname=\"HighLatency\"}", n.GroupKey);
        Assert.Equal("r", n.Receiver);
        Assert.Equal(Labels.FromStrings("alertname", "HighLatency"), n.GroupLabels);
        Assert.Equal(2, n.Alerts.Count);
        Assert.All(n.Alerts, a => Assert.Equal("firing", a.Status));
        Assert.All(n.Alerts, a => Assert.Equal(default, a.EndsAt));
        Assert.Equal(["a", "b"], n.Alerts.Select(a => a.Labels.Get("instance")));

        // Unchanged: no notification at the next group_interval.
        Advance(300);
        Assert.True(await _recorders["r"].QuietAsync());
    }

    [Fact]
    public async Task Group_by_splits_groups_and_child_routes_prefix_the_key()
    {
        var d = Start("""
              receiver: r
              group_by: [alertname]
              group_wait: 10s
              routes:
                - matchers: [team="db"]
                  receiver: db
                  group_by: [alertname, cluster]
            """, "[{name: r}, {name: db}]");
        d.Put([Firing("A"), Firing("B"), Firing("A", "team", "db", "cluster", "c1"), Firing("A", "team", "db", "cluster", "c2")]);
        Assert.Equal(4, d.GroupCount);
        Advance(10);
        var keys = new List<string> { (await _recorders["r"].NextAsync()).GroupKey, (await _recorders["r"].NextAsync()).GroupKey };
        Assert.Equal(["{}:{alertname=\"A\"}", "{}:{alertname=\"B\"}"], keys.Order());
        var dbKeys = new List<string> { (await _recorders["db"].NextAsync()).GroupKey, (await _recorders["db"].NextAsync()).GroupKey };
        Assert.Equal(["{}/{team=\"db\"}:{alertname=\"A\", cluster=\"c1\"}", "{}/{team=\"db\"}:{alertname=\"A\", cluster=\"c2\"}"], dbKeys.Order());
    }

    [Fact]
    public async Task Group_by_all_makes_one_group_per_alert()
    {
        var d = Start("  receiver: r\n  group_by: ['...']\n  group_wait: 1s");
        d.Put([Firing("A", "i", "1"), Firing("A", "i", "2")]);
        Advance(1);
        var n1 = await _recorders["r"].NextAsync();
        var n2 = await _recorders["r"].NextAsync();
        Assert.Single(n1.Alerts);
        Assert.Single(n2.Alerts);
        Assert.Contains("{}:{alertname=\"A\", i=\"1\"}", new[] { n1.GroupKey, n2.GroupKey });
    }

    [Fact]
    public async Task New_alert_goes_out_at_next_group_interval_and_repeat_after_repeat_interval()
    {
        var d = Start("  receiver: r\n  group_wait: 30s\n  group_interval: 5m\n  repeat_interval: 1h");
        var a = Firing("A");
        d.Put([a]);
        Advance(30);
        Assert.Single((await _recorders["r"].NextAsync()).Alerts);

        Advance(60);
        d.Put([a, Firing("B")]);
        Advance(239);
        Assert.True(await _recorders["r"].QuietAsync());
        Advance(1);
        Assert.Equal(2, (await _recorders["r"].NextAsync()).Alerts.Count);

        // Keep both firing (the rule engine re-sends); nothing new until repeat_interval has
        // passed at a flush: the flush exactly 1h after the send is not "before now - repeat"
        // (nflog's strict comparison), so the repeat goes out one group_interval later, as in Alertmanager.
        for (var i = 0; i < 12; i++)
        {
            d.Put([a with { EndsAt = _time.UtcNow.AddMinutes(20) }, Firing("B") with { EndsAt = _time.UtcNow.AddMinutes(20) }]);
            Advance(300);
        }

        Assert.True(await _recorders["r"].QuietAsync());
        d.Put([a with { EndsAt = _time.UtcNow.AddMinutes(20) }, Firing("B") with { EndsAt = _time.UtcNow.AddMinutes(20) }]);
        Advance(300);
        Assert.Equal(2, (await _recorders["r"].NextAsync()).Alerts.Count);
    }

    [Fact]
    public async Task Resolved_alert_is_notified_when_send_resolved_and_group_disappears()
    {
        var d = Start("  receiver: r\n  group_wait: 10s\n  group_interval: 1m");
        var a = Firing("A");
        d.Put([a]);
        Advance(10);
        await _recorders["r"].NextAsync();
        Advance(20);
        d.Put([Resolved(a)]);
        Advance(40);
        var n = await _recorders["r"].NextAsync();
        var alert = Assert.Single(n.Alerts);
        Assert.Equal("resolved", alert.Status);
        Assert.Equal(a.StartsAt, alert.StartsAt);
        Assert.Equal(a.StartsAt.AddSeconds(30), alert.EndsAt);
        Assert.Equal(0, d.GroupCount);
        Advance(600);
        Assert.True(await _recorders["r"].QuietAsync());
    }

    [Fact]
    public async Task Resolved_alert_is_not_sent_without_send_resolved()
    {
        var d = Start("  receiver: r\n  group_wait: 10s\n  group_interval: 1m", sendResolved: false);
        var a = Firing("A");
        var b = Firing("B");
        d.Put([a, b]);
        Advance(10);
        Assert.Equal(2, (await _recorders["r"].NextAsync()).Alerts.Count);
        d.Put([Resolved(a)]);
        Advance(60);
        Assert.True(await _recorders["r"].QuietAsync());
        d.Put([Resolved(b)]);
        Advance(60);
        Assert.True(await _recorders["r"].QuietAsync());
        Assert.Equal(0, d.GroupCount);
    }

    [Fact]
    public async Task Alert_resolved_before_first_flush_never_notifies()
    {
        var d = Start("  receiver: r\n  group_wait: 30s");
        var a = Firing("A");
        d.Put([a]);
        Advance(10);
        d.Put([Resolved(a)]);
        Advance(30);
        Assert.True(await _recorders["r"].QuietAsync());
        Assert.Equal(0, d.GroupCount);
    }

    [Fact]
    public async Task Alert_not_resent_resolves_when_ends_at_passes()
    {
        var d = Start("  receiver: r\n  group_wait: 10s\n  group_interval: 1m");
        d.Put([Firing("A") with { EndsAt = _time.UtcNow.AddMinutes(4) }]);
        Advance(10);
        await _recorders["r"].NextAsync();

        // endsAt is 4 minutes after the send; without re-sends it resolves by itself.
        Advance(180);
        Assert.True(await _recorders["r"].QuietAsync());
        Advance(60);
        var n = await _recorders["r"].NextAsync();
        Assert.Equal("resolved", Assert.Single(n.Alerts).Status);
    }

    [Fact]
    public async Task Alert_without_ends_at_uses_resolve_timeout()
    {
        var d = Start("  receiver: r\n  group_wait: 10s\n  group_interval: 1m");
        d.Put([Firing("A") with { EndsAt = default }]);
        Advance(10);
        await _recorders["r"].NextAsync();
        Advance(240);
        Assert.True(await _recorders["r"].QuietAsync());
        Advance(60);
        Assert.Equal("resolved", Assert.Single((await _recorders["r"].NextAsync()).Alerts).Status);
    }

    [Fact]
    public async Task Old_alert_in_new_group_flushes_immediately()
    {
        var d = Start("  receiver: r\n  group_wait: 30s");
        d.Put([Firing("A") with { StartsAt = _time.UtcNow.AddMinutes(-10) }]);
        Advance(0);
        Assert.Single((await _recorders["r"].NextAsync()).Alerts);
    }

    [Fact]
    public async Task Inhibited_alerts_are_not_sent()
    {
        var d = Start(
            "  receiver: r\n  group_by: ['...']\n  group_wait: 1s",
            inhibit: "[{source_matchers: ['severity=\"critical\"'], target_matchers: ['severity=\"warning\"'], equal: [cluster]}]");
        d.Put([
            Firing("Down", "severity", "critical", "cluster", "c1"),
            Firing("Slow", "severity", "warning", "cluster", "c1"),
            Firing("Slow", "severity", "warning", "cluster", "c2"),
        ]);
        Advance(1);
        var names = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var n = await _recorders["r"].NextAsync();
            names.Add(string.Join(",", n.Alerts.Select(a => a.Labels.Get("alertname") + "/" + a.Labels.Get("cluster"))));
        }

        Assert.True(await _recorders["r"].QuietAsync());
        Assert.Equal(["Down/c1", "Slow/c2"], names.Order());
    }

    [Fact]
    public async Task Reload_regroups_known_alerts_without_renotifying()
    {
        var d = Start("  receiver: r\n  group_wait: 1s");
        d.Put([Firing("A") with { EndsAt = _time.UtcNow.AddHours(1) }]);
        Advance(1);
        await _recorders["r"].NextAsync();
        var sender = _senders[0];
        d.Dispose();
        var config = AlertmanagerConfig.Parse("route: {receiver: r, group_wait: 1s}\nreceivers: [{name: r}]", null);
        _dispatcher = new Dispatcher(config, new Dictionary<string, IReadOnlyList<IntegrationSender>> { ["r"] = [sender] }, _state, _time, "http://tsdb:9090");
        Assert.Equal(1, _dispatcher.GroupCount);
        Advance(600);
        Assert.True(await _recorders["r"].QuietAsync());
    }

    public async ValueTask DisposeAsync()
    {
        _dispatcher?.Dispose();
        foreach (var s in _senders)
        {
            await s.DisposeAsync();
        }
    }
}
