namespace Tsdb.Storage.Wal;

/// <summary>First byte of every WAL record; the numbers match Prometheus's record.Type.</summary>
internal enum WalRecordType : byte
{
    Unknown = 0,
    Series = 1,
    Samples = 2,
    Tombstones = 3,
}
