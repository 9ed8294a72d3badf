namespace Tsdb.Storage.Wal;

/// <summary>What <see cref="IWriteAheadLog.Replay"/> read, and what it had to throw away.</summary>
internal sealed class WalReplayResult
{
    /// <summary>Records handed to the handler: checkpoint records plus log records.</summary>
    public long RecordsRead { get; init; }

    /// <summary>How many of <see cref="RecordsRead"/> came from the checkpoint.</summary>
    public long CheckpointRecordsRead { get; init; }

    /// <summary>The cut of the checkpoint that was read, or null when there was none.</summary>
    public long? CheckpointCut { get; init; }

    /// <summary>Log segments read (after the checkpoint cut).</summary>
    public int SegmentsRead { get; init; }

    /// <summary>Empty when the log was clean; at most one log corruption plus one checkpoint corruption.</summary>
    public IReadOnlyList<WalCorruption> Corruptions { get; init; } = [];

    public bool IsCorrupt => Corruptions.Count > 0;

    public long BytesDiscarded
    {
        get
        {
            long n = 0;
            foreach (var c in Corruptions)
            {
                n += c.BytesDiscarded;
            }

            return n;
        }
    }

    /// <summary>Human-readable warning(s) to log, or null when nothing was lost.</summary>
    public string? Warning => Corruptions.Count switch
    {
        0 => null,
        1 => Corruptions[0].Message,
        _ => string.Join("; ", Corruptions.Select(static c => c.Message)),
    };
}
