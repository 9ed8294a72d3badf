namespace Tsdb.Storage;

/// <summary>Storage settings; defaults match Prometheus's.</summary>
public sealed class DbOptions
{
    /// <summary>The range of a freshly persisted block, and the head's chunk alignment (2 h).</summary>
    public long BlockRange { get; init; } = (long)TimeSpan.FromHours(2).TotalMilliseconds;

    /// <summary>Blocks entirely older than this (relative to the newest data) are deleted (15 d).</summary>
    public TimeSpan RetentionTime { get; init; } = TimeSpan.FromDays(15);

    /// <summary>Maximum bytes of blocks kept (oldest deleted first); 0 means unlimited.</summary>
    public long RetentionSize { get; init; }

    /// <summary>How often the background loop checks for head persistence, compaction and retention.</summary>
    public TimeSpan CompactionInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Run compaction and retention on a background thread. Tests turn this off and call Compact().</summary>
    public bool BackgroundCompaction { get; init; } = true;

    /// <summary>Receives warnings and notable events (WAL corruption, skipped blocks, compactions).</summary>
    public Action<string>? Log { get; init; }
}
