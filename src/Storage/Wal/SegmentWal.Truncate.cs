using Tsdb.Storage.IO;
namespace Tsdb.Storage.Wal;

internal sealed partial class SegmentWal
{
    public void TruncateBefore(long position)
    {
        lock (_maintenanceLock)
        {
            EnsureStarted();
            _ = TruncateBeforeLocked(position);
        }
    }

    /// <summary>Deletes segments entirely before <paramref name="position"/>; returns how many. Caller holds the maintenance lock.</summary>
    internal int TruncateBeforeLocked(long position)
    {
        if (position < 0 || position > Volatile.Read(ref _enqueuedEnd))
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, "beyond the end of the log");
        }

        var segment = WalPosition.Segment(position);
        // Once the committed end reaches the segment's start, the committer has finished (fsynced and
        // closed) every earlier segment, so none of them is written to any more.
        WaitForCommittedEnd(WalPosition.Make(segment, 0));
        var deleted = 0;
        foreach (var s in WalDirectory.ListSegments(Directory))
        {
            if (s.Index < segment)
            {
                File.Delete(s.Path);
                deleted++;
            }
        }

        if (deleted > 0)
        {
            FileSync.SyncDirectory(Directory);
        }

        return deleted;
    }
}
