namespace Tsdb.Storage.Wal;

/// <summary>A series record entry: the head's series ref and its labels (Prometheus record.RefSeries).</summary>
internal readonly record struct RefSeries(ulong Ref, Labels Labels);
