using Tsdb.Scrape.Tests.Support;
using Tsdb.Storage;

namespace Tsdb.Scrape.Tests.Loop;

public class ScrapeManagerTests
{
    private static Matcher Job(string j) => Matcher.Equal("job", j);

    [Fact]
    public async Task ApplyConfig_KeepsUnchangedLoopRunning_AndRemovesOthersWithStaleness()
    {
        await using var target = await FakeTarget.StartAsync("a 1\n");
        await using var h = new ScrapeHarness();
        var keep = ScrapeHarness.Job("keep", target.Address, "300ms");
        var gone = ScrapeHarness.Job("gone", target.Address, "300ms").Replace("static_configs", "metrics_path: /gone\n    static_configs", StringComparison.Ordinal);
        await h.Apply(keep + gone);
        await h.WaitForScrapes("keep", 2);
        await h.WaitForScrapes("gone", 2);

        await h.Apply(keep);
        Assert.Equal(["keep"], h.Manager.ScrapePools());
        Assert.Single(h.Manager.ActiveTargets());
        var before = h.Samples("up", Job("keep")).Count;
        await h.WaitForScrapes("keep", before + 4);

        // The unchanged pool never stopped: consecutive scrapes stay one interval apart (no gap, no restart).
        var up = h.Samples("up", Job("keep"));
        var deltas = up.Zip(up.Skip(1), (x, y) => y.T - x.T).Order().ToList();
        // Under heavy machine load single scrapes can run late; the median stays on the interval.
        Assert.InRange(deltas[deltas.Count / 2], 250, 350);
        Assert.DoesNotContain(up, s => double.IsNaN(s.V));

        // The removed target: end-of-run staleness after the next tick plus one interval plus 10%.
        await DbAssert.WaitUntil(() => h.Samples("up", Job("gone")) is { Count: > 0 } s && StaleNaN.Is(s[^1].V), what: "stale up for removed target");
        var gonePoints = h.Samples("a", Job("gone"));
        Assert.True(StaleNaN.Is(gonePoints[^1].V));
        Assert.True(StaleNaN.Is(h.Samples("scrape_duration_seconds", Job("gone"))[^1].V));
        Assert.False(StaleNaN.Is(h.Samples("a", Job("keep"))[^1].V));
    }

    [Fact]
    public async Task ChangedPool_ReplacesLoops_NoStalenessForSurvivingTargets()
    {
        await using var target = await FakeTarget.StartAsync("a 1\n");
        await using var h = new ScrapeHarness();
        await h.Apply(ScrapeHarness.Job("j", target.Address, "300ms"));
        await h.WaitForScrapes("j", 2);
        await h.Apply(ScrapeHarness.Job("j", target.Address, "300ms", "    sample_limit: 100\n"));
        var n = h.Samples("up", Job("j")).Count;
        await h.WaitForScrapes("j", n + 3);
        await Task.Delay(800);
        Assert.DoesNotContain(h.Samples("a", Job("j")), s => StaleNaN.Is(s.V));
        Assert.DoesNotContain(h.Samples("up", Job("j")), s => StaleNaN.Is(s.V));
    }

    [Fact]
    public async Task Dispose_WritesNoStaleness()
    {
        await using var target = await FakeTarget.StartAsync("a 1\n");
        var h = new ScrapeHarness();
        await using (h.ConfigureAwait(false))
        {
            await h.Apply(ScrapeHarness.Job("j", target.Address, "200ms"));
            await h.WaitForScrapes("j", 2);
            await h.Manager.DisposeAsync();
            await Task.Delay(700);
            Assert.DoesNotContain(h.Samples("a"), s => StaleNaN.Is(s.V));
        }
    }

    [Fact]
    public async Task DroppedTargets_AreReported_WithKeepDroppedTargetsLimit()
    {
        await using var h = new ScrapeHarness();
        await h.Apply("""
              - job_name: j
                scrape_interval: 1m
                keep_dropped_targets: 2
                static_configs: [{targets: ['a:1', 'b:1', 'c:1', 'keep:1']}]
                relabel_configs:
                  - {source_labels: [__address__], regex: 'keep:.*', action: keep}
            """);
        Assert.Single(h.Manager.ActiveTargets());
        var dropped = h.Manager.DroppedTargets();
        Assert.Equal(2, dropped.Count);
        Assert.Equal("a:1", dropped[0].DiscoveredLabels.Get("__address__"));
        Assert.Equal("j", dropped[0].ScrapePool);
    }

    [Fact]
    public async Task TargetLimit_FailsEveryTargetOfThePool()
    {
        await using var target = await FakeTarget.StartAsync("a 1\n");
        await using var h = new ScrapeHarness();
        await h.Apply($$"""
              - job_name: j
                scrape_interval: 300ms
                scrape_timeout: 300ms
                target_limit: 1
                static_configs: [{targets: ['{{target.Address}}']}]
                relabel_configs: []
              - job_name: k
                scrape_interval: 300ms
                scrape_timeout: 300ms
                target_limit: 1
                params: {x: ['1']}
                static_configs: [{targets: ['{{target.Address}}', 'localhost:1']}]
            """);
        await h.WaitForError("k", "target_limit exceeded");
        await h.WaitForUp("j");
        var k = h.Manager.ActiveTargets().Where(t => t.ScrapePool == "k").ToList();
        Assert.Equal(2, k.Count);
        await DbAssert.WaitUntil(() => h.Manager.ActiveTargets().Where(t => t.ScrapePool == "k").All(t => t.LastError.Length > 0), what: "both k targets scraped");
        Assert.All(h.Manager.ActiveTargets().Where(t => t.ScrapePool == "k"), t => Assert.Equal("target_limit exceeded (number of targets: 2, limit: 1)", t.LastError));
        Assert.Empty(h.Samples("a", Job("k")));
    }
}
