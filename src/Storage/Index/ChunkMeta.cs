namespace Tsdb.Storage.Index;

/// <summary>
/// Where a chunk lives and which time range it covers (both ends inclusive). <see cref="Ref"/> is
/// opaque to everyone but the reader that issued it.
/// </summary>
public readonly record struct ChunkMeta(ulong Ref, long MinTime, long MaxTime)
{
    public bool Overlaps(long mint, long maxt) => MinTime <= maxt && mint <= MaxTime;
}
