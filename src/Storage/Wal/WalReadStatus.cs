namespace Tsdb.Storage.Wal;

/// <summary>Outcome of <see cref="WalFileReader.Next"/>.</summary>
internal enum WalReadStatus : byte
{
    Record = 0,
    End = 1,
    Corrupt = 2,
}
