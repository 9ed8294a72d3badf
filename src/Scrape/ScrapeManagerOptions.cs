using Tsdb.Scrape.Loop;

namespace Tsdb.Scrape;

/// <summary>Options of <see cref="ScrapeManager"/>; the defaults are right for the server.</summary>
public sealed class ScrapeManagerOptions
{
    /// <summary>Log lines (target errors are not logged per scrape; they show in the targets API).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Clock for scheduling and timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Per-server seed XOR'ed into each target's hash to place it in its interval (Prometheus derives
    /// it from external labels and hostname). Null picks one from the host name.
    /// </summary>
    public ulong? OffsetSeed { get; init; }

    /// <summary>Host name substituted for localhost addresses in a target's globalUrl.</summary>
    public string? GlobalHostName { get; init; }

    /// <summary>Tests: replace the parse step.</summary>
    internal ScrapeParser? Parser { get; init; }
}
