using Tsdb.Storage.Index;
using Tsdb.Storage.Tombstones;

namespace Tsdb.Storage;

/// <summary>Something a querier can read: the head or a persisted block, covering [MinTime, MaxTime].</summary>
public interface IBlockSource
{
    long MinTime { get; }

    long MaxTime { get; }

    IIndexReader Index(long mint, long maxt);

    IChunkReader Chunks();

    /// <summary>Deleted intervals keyed by this source's series refs; null or empty when nothing is deleted.</summary>
    TombstoneSet? Tombstones => null;
}
