using Tsdb.Scrape.Config;
using Tsdb.Scrape.Discovery;
using Tsdb.Scrape.Tests.Support;

namespace Tsdb.Scrape.Tests.Discovery;

public class FileSdTests
{
    private sealed class Collector
    {
        private readonly Lock _lock = new();
        private IReadOnlyList<TargetGroup> _last = [];

        public int Errors;

        public IReadOnlyList<TargetGroup> Last
        {
            get
            {
                lock (_lock)
                {
                    return _last;
                }
            }
        }

        public void Update(IReadOnlyList<TargetGroup> groups)
        {
            lock (_lock)
            {
                _last = groups;
            }
        }

        public List<string> Addresses() => [.. Last.SelectMany(g => g.Targets).Select(t => t.Get("__address__")).Order(StringComparer.Ordinal)];
    }

    private static FileSdDiscoverer Start(string pattern, Collector c, TimeSpan? refresh = null)
    {
        var d = new FileSdDiscoverer(new FileSdConfig(new EquatableList<string>([pattern]), refresh ?? TimeSpan.FromMinutes(5)), c.Update, () => Interlocked.Increment(ref c.Errors), null, TimeProvider.System);
        d.Start();
        return d;
    }

    [Fact]
    public void ReadFile_JsonAndYaml_WithFilepathLabel()
    {
        using var dir = new TempDir();
        var json = Path.Combine(dir.Path, "a.json");
        File.WriteAllText(json, """[{"targets": ["h1:1", "h2:1"], "labels": {"env": "prod"}}, {"targets": ["h3:1"]}]""");
        var yml = Path.Combine(dir.Path, "b.yml");
        File.WriteAllText(yml, "- targets: ['y:1']\n  labels:\n    team: x\n");

        var g = FileSdDiscoverer.ReadFile(json);
        Assert.Equal(2, g.Count);
        Assert.Equal(["h1:1", "h2:1"], g[0].Targets.Select(t => t.Get("__address__")));
        Assert.Equal("prod", g[0].Labels.Get("env"));
        Assert.Equal(json, g[0].Labels.Get("__meta_filepath"));
        Assert.Equal(json + ":1", g[1].Source);
        var y = FileSdDiscoverer.ReadFile(yml).Single();
        Assert.Equal("x", y.Labels.Get("team"));
        Assert.Equal(yml, y.Labels.Get("__meta_filepath"));
    }

    [Fact]
    public async Task Files_ChangingOnDisk_UpdateTargets_MalformedKeepsPrevious_DeleteRemoves()
    {
        using var dir = new TempDir();
        var c = new Collector();
        using var d = Start(Path.Combine(dir.Path, "*.json"), c);
        Assert.Empty(c.Addresses());

        var f = Path.Combine(dir.Path, "t.json");
        File.WriteAllText(f, """[{"targets": ["a:1"]}]""");
        await DbAssert.WaitUntil(() => c.Addresses().SequenceEqual(["a:1"]), what: "file written");

        File.WriteAllText(f, """[{"targets": ["a:1", "b:1"]}]""");
        await DbAssert.WaitUntil(() => c.Addresses().SequenceEqual(["a:1", "b:1"]), what: "file rewritten");

        File.WriteAllText(f, """[{"targets": ["a:1", """);
        await DbAssert.WaitUntil(() => Volatile.Read(ref c.Errors) > 0, what: "malformed file noticed");
        Assert.Equal(["a:1", "b:1"], c.Addresses());

        var other = Path.Combine(dir.Path, "u.json");
        File.WriteAllText(other, """[{"targets": ["c:1"]}]""");
        await DbAssert.WaitUntil(() => c.Addresses().SequenceEqual(["a:1", "b:1", "c:1"]), what: "second file");

        File.Delete(f);
        await DbAssert.WaitUntil(() => c.Addresses().SequenceEqual(["c:1"]), what: "file deleted");

        // Files not matching the pattern are ignored.
        File.WriteAllText(Path.Combine(dir.Path, "v.yml"), "- targets: ['d:1']\n");
        await Task.Delay(300);
        Assert.Equal(["c:1"], c.Addresses());
    }

    [Fact]
    public async Task PeriodicRefresh_PicksUpChanges()
    {
        using var dir = new TempDir();
        var sub = Path.Combine(dir.Path, "later");
        var c = new Collector();

        // The directory does not exist yet, so it cannot be watched: only the refresh finds the file.
        using var d = Start(Path.Combine(sub, "t.yaml"), c, TimeSpan.FromMilliseconds(200));
        Directory.CreateDirectory(sub);
        File.WriteAllText(Path.Combine(sub, "t.yaml"), "- targets: ['r:1']\n");
        await DbAssert.WaitUntil(() => c.Addresses().SequenceEqual(["r:1"]), what: "periodic refresh");
    }

    [Fact]
    public async Task FileSd_TargetsAreScraped_AndRemovedTargetsGoStale()
    {
        await using var target = await FakeTarget.StartAsync("a 1\n");
        await using var h = new ScrapeHarness();
        var file = Path.Combine(h.Dir, "sd.json");
        File.WriteAllText(file, "[{\"targets\": [\"" + target.Address + "\"], \"labels\": {\"env\": \"e\"}}]");
        await h.Manager.ApplyConfigAsync(ScrapeHarness.Configs($"scrape_configs:\n  - job_name: f\n    scrape_interval: 300ms\n    scrape_timeout: 300ms\n    file_sd_configs: [{{files: ['sd.json']}}]\n", h.Dir));
        await h.WaitForUp("f");
        var t = h.Manager.ActiveTargets().Single();
        Assert.Equal("e", t.Labels.Get("env"));
        Assert.Equal(file, t.DiscoveredLabels.Get("__meta_filepath"));
        Assert.Equal(1, h.Samples("a", Tsdb.Storage.Matcher.Equal("env", "e"))[0].V);

        File.WriteAllText(file, "[]");
        await DbAssert.WaitUntil(() => h.Manager.ActiveTargets().Count == 0, what: "target removed");
        await DbAssert.WaitUntil(() => h.Samples("a") is { Count: > 0 } s && Tsdb.Storage.StaleNaN.Is(s[^1].V), what: "stale after removal");
    }
}
