namespace Tsdb.Storage.Wal;

/// <summary>A deletion of series <see cref="Ref"/>'s samples in [MinT, MaxT] (Prometheus tombstones.Stone, one interval).</summary>
internal readonly record struct RefTombstone(ulong Ref, long MinT, long MaxT);
