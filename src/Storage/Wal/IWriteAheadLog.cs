namespace Tsdb.Storage.Wal;

/// <summary>
/// The write-ahead log as the head sees it: an ordered, durable log of opaque records (encoded by
/// <see cref="WalRecords"/>) with group commit, replay with repair, checkpoints and truncation.
/// <para>
/// Life cycle: open, <see cref="Replay"/> once (rebuild the head), then append. Appending before a
/// replay is allowed: the first <see cref="Enqueue"/> then validates (and if needed repairs) the log
/// itself. Replay after the first append is refused.
/// </para>
/// <para>
/// Threading: <see cref="Enqueue"/> and the waits are safe from any number of threads. Commits run
/// on one dedicated committer thread, never on the thread pool. <see cref="WaitForCommit"/>,
/// <see cref="StartNewSegment"/>, <see cref="TruncateBefore"/> and <see cref="CreateCheckpoint"/> block the
/// calling thread: call them from dedicated threads, or use <see cref="WaitForCommitAsync"/>.
/// </para>
/// </summary>
internal interface IWriteAheadLog : IDisposable
{
    /// <summary>
    /// Appends one record (copied; the span may be reused at once) and returns its position token
    /// (<see cref="WalPosition"/>). Positions grow in enqueue order. The record is durable only once a
    /// wait on this position (or a later one) has returned. Blocks briefly when the committer is more
    /// than <see cref="WalOptions.MaxPendingBytes"/> behind.
    /// </summary>
    long Enqueue(ReadOnlySpan<byte> record);

    /// <summary>Completes once every record up to and including <paramref name="position"/> is durable.</summary>
    ValueTask WaitForCommitAsync(long position, CancellationToken cancellationToken = default);

    /// <summary>Blocking variant of <see cref="WaitForCommitAsync"/>. Do not call from thread-pool threads in hot paths.</summary>
    void WaitForCommit(long position);

    /// <summary>Makes everything enqueued so far durable (blocking).</summary>
    void Commit();

    /// <summary>
    /// Reads the newest checkpoint, then the log from the checkpoint's cut, handing each valid record
    /// to <paramref name="handler"/> in order. A corrupt or torn record ends the log: the rest is
    /// discarded, the log repaired so that new appends follow the last valid record, and the loss
    /// is reported in the result. Never throws for corruption; exceptions from the handler propagate.
    /// </summary>
    WalReplayResult Replay(WalRecordHandler handler);

    /// <summary>
    /// Closes the current segment and starts a new one, durably; returns the position of the new
    /// segment's start. Every record enqueued before the call lies before that position, which makes
    /// it a good checkpoint cut (the segments before it can be deleted entirely).
    /// </summary>
    long StartNewSegment();

    /// <summary>
    /// Deletes the segment files that lie entirely before <paramref name="position"/> (space is reclaimed
    /// per segment: records of the segment holding the position stay). Without a checkpoint this loses data;
    /// normally <see cref="CreateCheckpoint"/> calls it.
    /// </summary>
    void TruncateBefore(long position);

    /// <summary>
    /// Writes a checkpoint of everything before <paramref name="cut"/> (see <see cref="Checkpoint.Create"/>),
    /// then truncates the log and deletes the older checkpoint.
    /// </summary>
    CheckpointResult CreateCheckpoint(long cut, Func<ulong, bool> keepSeries, long mint);

    /// <summary>First and last segment index present (Last &lt; First when there are none).</summary>
    (int First, int Last) SegmentRange { get; }
}
