namespace Tsdb.Storage.Wal;

/// <summary>
/// Receives one replayed record. The span is only valid during the call (it points into the
/// reader's buffer); decode it or copy it before returning.
/// </summary>
internal delegate void WalRecordHandler(ReadOnlySpan<byte> record);
