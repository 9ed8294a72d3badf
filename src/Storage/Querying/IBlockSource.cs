using Tsdb.Storage.Index;

namespace Tsdb.Storage;

/// <summary>Something a querier can read: the head or a persisted block, covering [MinTime, MaxTime].</summary>
public interface IBlockSource
{
    long MinTime { get; }

    long MaxTime { get; }

    IIndexReader Index(long mint, long maxt);

    IChunkReader Chunks();
}
