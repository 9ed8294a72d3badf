namespace Tsdb.Storage.Wal;

/// <summary>Tuning knobs of <see cref="SegmentWal"/>; defaults are applied here and only here.</summary>
internal sealed record WalOptions
{
    public static readonly WalOptions Default = new();

    /// <summary>
    /// A segment file is closed and the next one started once the next record would not fit.
    /// Space is reclaimed per segment on truncation. Default 64 MB; 1 KB..1 GB.
    /// </summary>
    public long SegmentSize { get; init; } = 64L << 20;

    /// <summary>
    /// How long enqueued records may sit in memory when nobody waits for them. Waiters never wait
    /// for this tick: a wait triggers a commit at once. Default 10 ms.
    /// </summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Back-pressure: once this many bytes are enqueued but not yet handed to the committer,
    /// <see cref="IWriteAheadLog.Enqueue"/> blocks until the committer takes them. Default 16 MB.
    /// </summary>
    public int MaxPendingBytes { get; init; } = 16 << 20;

    internal void Validate()
    {
        if (SegmentSize is < 1024 or > 1L << 30)
        {
            throw new ArgumentOutOfRangeException(nameof(SegmentSize), SegmentSize, "segment size must be between 1 KB and 1 GB");
        }

        if (CommitInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CommitInterval), CommitInterval, "commit interval must be positive");
        }

        if (MaxPendingBytes < 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPendingBytes), MaxPendingBytes, "at least 4096 bytes");
        }
    }
}
