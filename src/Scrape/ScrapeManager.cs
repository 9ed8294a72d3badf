using System.Diagnostics.Metrics;
using System.IO.Hashing;
using System.Text;
using Tsdb.Scrape.Config;
using Tsdb.Scrape.Loop;
using Tsdb.Scrape.Targets;
using Tsdb.Storage;

namespace Tsdb.Scrape;

/// <summary>
/// Runs the scrape pools of the current config (scrape/manager.go). <see cref="ApplyConfigAsync"/>
/// keeps pools whose config is unchanged running untouched (no gap), replaces changed ones and stops
/// removed ones (their targets get end-of-run staleness markers). Disposing stops everything and
/// writes no staleness markers, as a Prometheus shutdown does.
/// </summary>
public sealed class ScrapeManager : IAsyncDisposable
{
    private readonly Db _db;
    private readonly MetadataStore _metadata;
    private readonly ScrapeManagerOptions _options;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly SemaphoreSlim _apply = new(1, 1);
    private readonly ScrapeMetrics _metrics;
    private readonly ulong _seed;
    private readonly string _globalHost;
    private Dictionary<string, ScrapePool> _pools = new(StringComparer.Ordinal);

    public ScrapeManager(Db db, MetadataStore metadata, ScrapeManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(options);
        _db = db;
        _metadata = metadata;
        _options = options;
        _globalHost = options.GlobalHostName ?? System.Net.Dns.GetHostName();
        _seed = options.OffsetSeed ?? XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(_globalHost));
        _metrics = new ScrapeMetrics(PoolTargetCounts);
    }

    /// <summary>The meter name under which scrape self-metrics are published.</summary>
    public static string MeterName => ScrapeMetrics.MeterName;

    /// <summary>Applies a new set of scrape configs (startup and every reload).</summary>
    public async Task ApplyConfigAsync(IReadOnlyList<ScrapeConfig> configs)
    {
        ArgumentNullException.ThrowIfNull(configs);
        await _apply.WaitAsync().ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_shutdown.IsCancellationRequested, this);
            var next = new Dictionary<string, ScrapePool>(StringComparer.Ordinal);
            var toStop = new List<(ScrapePool Pool, IReadOnlySet<ulong>? Handover)>();
            var toStart = new List<ScrapePool>();
            foreach (var cfg in configs)
            {
                if (_pools.TryGetValue(cfg.JobName, out var old) && old.Config.Equals(cfg))
                {
                    next[cfg.JobName] = old;
                    continue;
                }

                var pool = new ScrapePool(NewContext(cfg));
                next[cfg.JobName] = pool;
                toStart.Add(pool);
            }

            foreach (var (name, pool) in _pools)
            {
                if (!next.TryGetValue(name, out var replacement) || !ReferenceEquals(replacement, pool))
                {
                    toStop.Add((pool, null));
                }
            }

            // Start replacements first so a changed pool's surviving targets have no gap, then stop the
            // old pools; targets that survive a changed pool are handed over without staleness markers.
            foreach (var p in toStart)
            {
                await p.StartAsync().ConfigureAwait(false);
                if (_pools.ContainsKey(p.Config.JobName))
                {
                    _metrics.PoolReloads.Add(1);
                }
            }

            var stops = new List<Task>();
            foreach (var (pool, _) in toStop)
            {
                var handover = next.TryGetValue(pool.Config.JobName, out var repl)
                    ? repl.Loops().Select(l => l.Target.Hash).ToHashSet()
                    : null;
                stops.Add(pool.StopAsync(handover));
            }

            _pools = next;
            await Task.WhenAll(stops).ConfigureAwait(false);
        }
        finally
        {
            _apply.Release();
        }
    }

    /// <summary>Blocking form of <see cref="ApplyConfigAsync"/>.</summary>
    public void ApplyConfig(IReadOnlyList<ScrapeConfig> configs) => ApplyConfigAsync(configs).GetAwaiter().GetResult();

    /// <summary>Every active target, by pool then URL.</summary>
    public IReadOnlyList<ActiveTarget> ActiveTargets()
    {
        var list = new List<ActiveTarget>();
        foreach (var pool in Volatile.Read(ref _pools).Values)
        {
            foreach (var loop in pool.Loops())
            {
                list.Add(loop.Snapshot(GlobalUrl(loop.Target.Url)));
            }
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.ScrapePool, b.ScrapePool) is var c && c != 0 ? c : string.CompareOrdinal(a.ScrapeUrl, b.ScrapeUrl));
        return list;
    }

    /// <summary>Targets dropped by relabeling (at most keep_dropped_targets per pool when set).</summary>
    public IReadOnlyList<DroppedTarget> DroppedTargets()
    {
        var list = new List<DroppedTarget>();
        foreach (var pool in Volatile.Read(ref _pools).Values)
        {
            list.AddRange(pool.Dropped());
        }

        return list;
    }

    /// <summary>Per active target, the metadata it exposes (for <c>/api/v1/targets/metadata</c>).</summary>
    public IReadOnlyList<TargetMetadataSet> TargetsMetadata()
    {
        var list = new List<TargetMetadataSet>();
        foreach (var pool in Volatile.Read(ref _pools).Values)
        {
            foreach (var loop in pool.Loops())
            {
                list.Add(new TargetMetadataSet(loop.Target.Labels, loop.Target.Pool, loop.Metadata()));
            }
        }

        return list;
    }

    /// <summary>Scrape pool names (job names) currently configured.</summary>
    public IReadOnlyList<string> ScrapePools() => [.. Volatile.Read(ref _pools).Keys.Order(StringComparer.Ordinal)];

    public async ValueTask DisposeAsync()
    {
        await _apply.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_shutdown.IsCancellationRequested)
            {
                return;
            }

            await _shutdown.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_pools.Values.Select(p => p.StopAsync())).ConfigureAwait(false);
            _pools = new(StringComparer.Ordinal);
            _metrics.Dispose();
        }
        finally
        {
            _apply.Release();
        }
    }

    private ScrapeLoopContext NewContext(ScrapeConfig cfg) => new()
    {
        Config = cfg,
        Client = ScrapePool.CreateClient(cfg),
        Db = _db,
        Metadata = _metadata,
        Parser = _options.Parser ?? ScrapeParser.Default,
        Time = _options.Time,
        OffsetSeed = _seed,
        Metrics = _metrics,
        Log = _options.Log,
        Shutdown = _shutdown.Token,
    };

    private IEnumerable<Measurement<long>> PoolTargetCounts()
    {
        foreach (var (name, pool) in Volatile.Read(ref _pools))
        {
            yield return new Measurement<long>(pool.TargetCount, new KeyValuePair<string, object?>("scrape_job", name));
        }
    }

    // Prometheus's globalUrl replaces a loopback host with this server's host name, so the link
    // works from elsewhere.
    private string GlobalUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var u))
        {
            return url;
        }

        if (u.Host is "localhost" or "127.0.0.1" or "[::1]" or "::1" or "0.0.0.0" or "[::]")
        {
            var b = new UriBuilder(u) { Host = _globalHost };
            return b.Uri.ToString();
        }

        return url;
    }
}
