using Tsdb.Config;
using Tsdb.Scrape.Config;
using Tsdb.Storage;

namespace Tsdb.Scrape.Tests.Support;

/// <summary>A real Db in a temp dir, a ScrapeManager (real exposition parser unless one is given), and helpers to configure jobs.</summary>
internal sealed class ScrapeHarness : IAsyncDisposable
{
    private readonly TempDir _dir = new();

    public ScrapeHarness(Tsdb.Scrape.Loop.ScrapeParser? parser = null)
    {
        Db = Db.Open(_dir.Path, new DbOptions { BackgroundCompaction = false });
        Manager = new ScrapeManager(Db, Metadata, new ScrapeManagerOptions
        {
            OffsetSeed = 0,
            Parser = parser,
            GlobalHostName = "tsdb-host",
            Log = Logs.Add,
        });
    }

    public Db Db { get; }

    public MetadataStore Metadata { get; } = new();

    public ScrapeManager Manager { get; }

    public System.Collections.Concurrent.ConcurrentBag<string> Logs { get; } = [];

    public string Dir => _dir.Path;

    public static IReadOnlyList<ScrapeConfig> Configs(string yaml, string? baseDir = null) =>
        ScrapeConfig.ReadAll(YamlConfig.Load(yaml, "config").MapList("scrape_configs", "scrape_config"), ScrapeGlobals.Default, baseDir);

    /// <summary>One job scraping <paramref name="address"/> every <paramref name="interval"/>, with extra YAML lines for the job.</summary>
    public static string Job(string name, string address, string interval = "1s", string extra = "") =>
        $"  - job_name: {name}\n    scrape_interval: {interval}\n    scrape_timeout: {interval}\n    static_configs: [{{targets: ['{address}']}}]\n" + extra;

    public Task Apply(string jobsYaml) => Manager.ApplyConfigAsync(Configs("scrape_configs:\n" + jobsYaml));

    public List<Sample> Samples(string metric, params Matcher[] more) => DbAssert.Samples(Db, metric, more);

    public Task WaitForScrapes(string job, int count, TimeSpan? timeout = null) =>
        DbAssert.WaitUntil(() => Samples("up", Matcher.Equal("job", job)).Count >= count, timeout, $"{count} scrapes of {job}");

    public Task WaitForError(string pool, string prefix) =>
        DbAssert.WaitUntil(() => Manager.ActiveTargets().Any(t => t.ScrapePool == pool && t.LastError.StartsWith(prefix, StringComparison.Ordinal)), null, $"{pool} failing with {prefix}");

    public Task WaitForUp(string job) =>
        DbAssert.WaitUntil(() => Samples("up", Matcher.Equal("job", job)).Any(s => s.V == 1), null, $"a successful scrape of {job}");

    public async ValueTask DisposeAsync()
    {
        await Manager.DisposeAsync();
        Db.Dispose();
        _dir.Dispose();
    }
}
