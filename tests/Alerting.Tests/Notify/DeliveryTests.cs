using System.Diagnostics;
using Tsdb.Alerting.Notify;
using Tsdb.Config;
using Tsdb.Storage;

namespace Tsdb.Alerting.Tests.Notify;

/// <summary>Retries, backoff and isolation of receivers, against local HTTP servers.</summary>
public sealed class DeliveryTests
{
    private static readonly DeliveryOptions Fast = new() { InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(200) };
    private readonly FakeTime _time = new();

    private NotifierAlert Alert(string name) =>
        new(Labels.FromStrings("alertname", name), Labels.Empty, _time.UtcNow, _time.UtcNow.AddHours(1), "");

    private NotificationHub Hub(string receivers, string route = "receiver: a", DeliveryOptions? options = null) =>
        new(AlertmanagerConfig.Parse($"route: {{{route}, group_wait: 1s, group_by: [alertname]}}\nreceivers:\n{receivers}", null), null,
            new NotificationHubOptions { Time = _time, ReceiverDelivery = options ?? Fast });

    [Fact]
    public async Task Receiver_returning_500_gets_the_notification_once_it_recovers()
    {
        var calls = 0;
        await using var server = await FakeHttpServer.StartAsync(_ => Interlocked.Increment(ref calls) <= 2 ? new FakeResponse(500, "down") : new FakeResponse(200));
        await using var hub = Hub($"  - name: a\n    webhook_configs: [{{url: '{server.Url}hook'}}]\n");
        hub.Send([Alert("A")]);
        _time.Advance(TimeSpan.FromSeconds(1));
        var first = await server.NextAsync();
        await server.NextAsync();
        var third = await server.NextAsync();
        Assert.Equal(first.Body, third.Body);
        Assert.True(await server.QuietForAsync(0.5));
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Client_error_400_is_not_retried()
    {
        await using var server = await FakeHttpServer.StartAsync(_ => new FakeResponse(400, "bad"));
        await using var hub = Hub($"  - name: a\n    webhook_configs: [{{url: '{server.Url}hook'}}]\n");
        hub.Send([Alert("A")]);
        _time.Advance(TimeSpan.FromSeconds(1));
        await server.NextAsync();
        Assert.True(await server.QuietForAsync(0.6));
    }

    [Fact]
    public async Task Too_many_requests_429_waits_for_retry_after()
    {
        var calls = 0;
        await using var server = await FakeHttpServer.StartAsync(_ => Interlocked.Increment(ref calls) == 1 ? new FakeResponse(429, "slow down", RetryAfter: "1") : new FakeResponse(200, "ok"));
        await using var hub = Hub($"  - name: a\n    slack_configs: [{{api_url: '{server.Url}s'}}]\n");
        hub.Send([Alert("A")]);
        _time.Advance(TimeSpan.FromSeconds(1));
        var first = await server.NextAsync();
        var second = await server.NextAsync();
        Assert.True(second.At - first.At >= TimeSpan.FromMilliseconds(900), $"retried after {(second.At - first.At).TotalMilliseconds} ms");
        Assert.True(await server.QuietForAsync(0.3));
    }

    [Fact]
    public async Task Network_errors_and_server_errors_are_retryable_client_errors_are_not()
    {
        var probe = await FakeHttpServer.StartAsync();
        var closed = probe.Url;
        await probe.DisposeAsync();
        using var client = new HttpClient();
        var r = await HttpDelivery.PostJsonAsync(client, new Uri(closed, "x"), "{}"u8.ToArray(), "t", null, CancellationToken.None);
        Assert.Equal(DeliveryOutcome.Retry, r.Outcome);

        await using var server = await FakeHttpServer.StartAsync();
        foreach (var (status, outcome) in new[] { (502, DeliveryOutcome.Retry), (429, DeliveryOutcome.Retry), (404, DeliveryOutcome.Fail), (202, DeliveryOutcome.Success) })
        {
            server.Respond = _ => new FakeResponse(status, "x", RetryAfter: status == 429 ? "7" : null);
            var res = await HttpDelivery.PostJsonAsync(client, server.Url, "{}"u8.ToArray(), "t", null, CancellationToken.None);
            Assert.Equal(outcome, res.Outcome);
            if (status == 429)
            {
                Assert.Equal(TimeSpan.FromSeconds(7), res.RetryAfter);
            }
        }
    }

    [Fact]
    public async Task Dead_receiver_does_not_block_another_receiver_or_send()
    {
        await using var slow = await FakeHttpServer.StartAsync(_ =>
        {
            Thread.Sleep(300);
            return new FakeResponse(503, "unavailable");
        });
        await using var good = await FakeHttpServer.StartAsync();
        await using var hub = Hub(
            $"  - name: a\n    webhook_configs: [{{url: '{slow.Url}dead'}}]\n  - name: b\n    webhook_configs: [{{url: '{good.Url}ok'}}]\n",
            "receiver: a, routes: [{matchers: ['alertname=\"B\"'], receiver: b, continue: true}, {receiver: a}]");
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++)
        {
            hub.Send([Alert("A"), Alert("B")]);
        }

        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"Send took {sw.Elapsed}");
        _time.Advance(TimeSpan.FromSeconds(1));
        var req = await good.NextAsync(3);
        Assert.Equal("/ok", req.Path);
    }

    [Fact]
    public async Task Full_queue_drops_oldest()
    {
        var gate = new TaskCompletionSource();
        var sent = new List<int>();
        var dropped = 0;
        await using var q = new DeliveryQueue<string>(3, 1, Fast, async (batch, ct) =>
        {
            await gate.Task.WaitAsync(ct);
            lock (sent)
            {
                sent.Add(int.Parse(batch[0], System.Globalization.CultureInfo.InvariantCulture));
            }

            return DeliveryResult.Ok;
        }, onDropped: n => Interlocked.Add(ref dropped, n));
        q.Enqueue("0");
        await Task.Delay(100);
        foreach (var i in Enumerable.Range(1, 6))
        {
            q.Enqueue(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(3, q.Length);
        Assert.Equal(3, dropped);
        gate.SetResult();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (q.Length > 0 || sent.Count < 4)
        {
            Assert.True(DateTime.UtcNow < deadline);
            await Task.Delay(20);
        }

        Assert.Equal([0, 4, 5, 6], sent);
    }

    [Fact]
    public async Task Queue_batches_up_to_batch_size()
    {
        var batches = new List<int>();
        var gate = new TaskCompletionSource();
        await using var q = new DeliveryQueue<string>(100, 4, Fast, async (batch, ct) =>
        {
            await gate.Task.WaitAsync(ct);
            lock (batches)
            {
                batches.Add(batch.Count);
            }

            return DeliveryResult.Ok;
        });
        q.Enqueue("first");
        await Task.Delay(100);
        q.Enqueue(Enumerable.Range(0, 10).Select(i => "x" + i).ToList());
        gate.SetResult();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (batches.Sum() < 11)
        {
            Assert.True(DateTime.UtcNow < deadline);
            await Task.Delay(20);
        }

        Assert.Equal([1, 4, 4, 2], batches);
    }

    [Fact]
    public async Task Bad_reload_keeps_the_running_config()
    {
        await using var server = await FakeHttpServer.StartAsync();
        await using var hub = Hub($"  - name: a\n    webhook_configs: [{{url: '{server.Url}hook'}}]\n");
        var before = hub.NotifyConfig;
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var bad = Path.Combine(dir.FullName, "am.yml");
            File.WriteAllText(bad, "route: {receiver: x}\nreceivers: [{name: y}]\n");
            Assert.Throws<ConfigException>(() => hub.Reload(bad, null));
            var tls = Path.Combine(dir.FullName, "tls.yml");
            File.WriteAllText(tls, $"route: {{receiver: a}}\nreceivers:\n  - name: a\n    webhook_configs: [{{url: '{server.Url}hook', http_config: {{tls_config: {{cert_file: nope.pem, key_file: nope.key}}}}}}]\n");
            Assert.Throws<ConfigException>(() => hub.Reload(tls, null));
        }
        finally
        {
            dir.Delete(true);
        }

        Assert.Same(before, hub.NotifyConfig);
        hub.Send([Alert("A")]);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("/hook", (await server.NextAsync()).Path);
    }

    [Fact]
    public async Task Good_reload_switches_receivers()
    {
        await using var one = await FakeHttpServer.StartAsync();
        await using var two = await FakeHttpServer.StartAsync();
        await using var hub = Hub($"  - name: a\n    webhook_configs: [{{url: '{one.Url}one'}}]\n");
        hub.Reload(AlertmanagerConfig.Parse($"route: {{receiver: a, group_wait: 1s}}\nreceivers:\n  - name: a\n    webhook_configs: [{{url: '{two.Url}two'}}]\n", null), null);
        hub.Send([Alert("A")]);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("/two", (await two.NextAsync()).Path);
        Assert.True(await one.QuietForAsync(0.2));
    }
}
