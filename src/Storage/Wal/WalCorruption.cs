using System.Globalization;

namespace Tsdb.Storage.Wal;

/// <summary>
/// One corruption met by a replay. For a log segment, everything from <see cref="Offset"/> on
/// (the rest of that segment and all later segments) was discarded and the log repaired; for a
/// checkpoint (<see cref="Segment"/> = -1) the rest of the checkpoint file was skipped.
/// </summary>
internal sealed record WalCorruption(string File, int Segment, long Offset, long BytesDiscarded, string Reason)
{
    public bool InCheckpoint => Segment < 0;

    /// <summary>The log line: what was lost and where.</summary>
    public string Message => InCheckpoint
        ? string.Create(CultureInfo.InvariantCulture,
            $"WAL checkpoint corruption in {System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(File))} at offset {Offset} ({Reason}): {BytesDiscarded} bytes of the checkpoint skipped")
        : string.Create(CultureInfo.InvariantCulture,
            $"WAL corruption at segment {Segment} offset {Offset} ({Reason}): {BytesDiscarded} bytes discarded after the last valid record");
}
