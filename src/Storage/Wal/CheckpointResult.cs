namespace Tsdb.Storage.Wal;

/// <summary>What <see cref="Checkpoint.Create"/> kept and removed.</summary>
internal sealed class CheckpointResult
{
    /// <summary>Everything before this position is now represented by the checkpoint.</summary>
    public long Cut { get; init; }

    /// <summary>The checkpoint directory, or null when nothing was done (cut not past the previous checkpoint).</summary>
    public string? Directory { get; init; }

    public long RecordsRead { get; init; }
    public long RecordsWritten { get; init; }
    public long SeriesKept { get; init; }
    public long SeriesDropped { get; init; }
    public long SamplesKept { get; init; }
    public long SamplesDropped { get; init; }
    public long TombstonesKept { get; init; }
    public long TombstonesDropped { get; init; }

    /// <summary>Records of unknown type (a newer format); dropped, as Prometheus does.</summary>
    public long UnknownRecordsDropped { get; init; }

    public int SegmentsDeleted { get; init; }
    public long BytesWritten { get; init; }
}
