using Tsdb.Config;
using Tsdb.Scrape.Config;
using Tsdb.Scrape.Discovery;
using Tsdb.Scrape.Loop;
using Tsdb.Scrape.Targets;

namespace Tsdb.Scrape;

/// <summary>
/// All targets of one scrape config: merges the groups of its discovery providers, labels them
/// (relabel_configs), and runs one loop per distinct target (scrape.go scrapePool.Sync). A target
/// that stays keeps its loop untouched; a target that goes is stopped with end-of-run staleness.
/// </summary>
// The semaphore is only awaited, never asked for its wait handle, so it holds nothing to dispose;
// disposing it would race late file-watcher updates.
#pragma warning disable CA1001
internal sealed class ScrapePool
#pragma warning restore CA1001
{
    private readonly ScrapeLoopContext _ctx;
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly Dictionary<string, IReadOnlyList<TargetGroup>> _groups = new(StringComparer.Ordinal);
    private readonly List<FileSdDiscoverer> _discoverers = [];
    private Dictionary<ulong, ScrapeLoop> _loops = [];
    private List<DroppedTarget> _dropped = [];
    private bool _stopped;

    public ScrapePool(ScrapeLoopContext ctx) => _ctx = ctx;

    public ScrapeConfig Config => _ctx.Config;

    public int TargetCount => Volatile.Read(ref _loops).Count;

    public async Task StartAsync()
    {
        await UpdateAsync("static", StaticDiscovery.Groups(_ctx.Config.StaticConfigs)).ConfigureAwait(false);
        for (var i = 0; i < _ctx.Config.FileSdConfigs.Count; i++)
        {
            var key = "file/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var d = new FileSdDiscoverer(
                _ctx.Config.FileSdConfigs[i],
                groups => _ = UpdateAsync(key, groups),
                () => _ctx.Metrics.FileSdReadErrors.Add(1),
                _ctx.Log,
                _ctx.Time);
            _discoverers.Add(d);
            d.Start();
        }
    }

    /// <summary>Replaces one provider's groups and re-syncs the targets.</summary>
    public async Task UpdateAsync(string provider, IReadOnlyList<TargetGroup> groups)
    {
        await _sync.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }

            _groups[provider] = groups;
            await SyncAsync().ConfigureAwait(false);
        }
        finally
        {
            _sync.Release();
        }
    }

    private async Task SyncAsync()
    {
        var cfg = _ctx.Config;
        var next = new Dictionary<ulong, ScrapeLoop>();
        var dropped = new List<DroppedTarget>();
        foreach (var groups in _groups.Values)
        {
            foreach (var g in groups)
            {
                foreach (var t in g.Targets)
                {
                    var r = TargetBuilder.Populate(cfg, t, g.Labels);
                    if (r.Error is not null)
                    {
                        _ctx.Log?.Invoke($"scrape: creating target failed (scrape_pool {cfg.JobName}): {r.Error}");
                        continue;
                    }

                    if (r.Dropped)
                    {
                        if (cfg.KeepDroppedTargets == 0 || dropped.Count < cfg.KeepDroppedTargets)
                        {
                            dropped.Add(new DroppedTarget(r.Discovered, cfg.JobName));
                        }

                        continue;
                    }

                    var target = new ScrapeTarget(cfg.JobName, r.Labels, r.Discovered, cfg.Params);
                    if (next.ContainsKey(target.Hash))
                    {
                        continue;
                    }

                    if (_loops.TryGetValue(target.Hash, out var existing))
                    {
                        existing.Target.Discovered = r.Discovered;
                        next[target.Hash] = existing;
                    }
                    else
                    {
                        next[target.Hash] = new ScrapeLoop(target, _ctx);
                    }
                }
            }
        }

        // target.go / scrape.go: over target_limit, every target of the pool fails its scrapes.
        string? limitError = null;
        if (cfg.TargetLimit > 0 && next.Count > cfg.TargetLimit)
        {
            limitError = $"target_limit exceeded (number of targets: {next.Count}, limit: {cfg.TargetLimit})";
            _ctx.Metrics.ExceededTargetLimit.Add(1);
        }

        var removed = new List<ScrapeLoop>();
        foreach (var (hash, loop) in _loops)
        {
            if (!next.ContainsKey(hash))
            {
                removed.Add(loop);
            }
        }

        foreach (var (hash, loop) in next)
        {
            loop.SetForcedError(limitError);
            if (!_loops.ContainsKey(hash))
            {
                loop.Start();
            }
        }

        Volatile.Write(ref _loops, next);
        Volatile.Write(ref _dropped, dropped);
        await Task.WhenAll(removed.Select(l => l.StopAsync())).ConfigureAwait(false);
    }

    public IReadOnlyList<ScrapeLoop> Loops() => [.. Volatile.Read(ref _loops).Values];

    public IReadOnlyList<DroppedTarget> Dropped() => Volatile.Read(ref _dropped);

    /// <summary>Stops discovery and every loop; <paramref name="handover"/> loops' targets continue elsewhere (no staleness).</summary>
    public async Task StopAsync(IReadOnlySet<ulong>? handover = null)
    {
        await _sync.WaitAsync().ConfigureAwait(false);
        try
        {
            _stopped = true;
            foreach (var d in _discoverers)
            {
                d.Dispose();
            }

            var loops = Volatile.Read(ref _loops).Values.ToList();
            foreach (var l in loops)
            {
                if (handover?.Contains(l.Target.Hash) == true)
                {
                    l.DisableEndOfRunStaleness();
                }
            }

            await Task.WhenAll(loops.Select(l => l.StopAsync())).ConfigureAwait(false);
        }
        finally
        {
            _sync.Release();
        }

        _ctx.Client.Dispose();
    }

    internal static HttpClient CreateClient(ScrapeConfig cfg) =>
        HttpClientFactory.Create(cfg.HttpClient, cfg.BaseDir, Timeout.InfiniteTimeSpan);
}
