using Tsdb.Storage.Blocks;
using Tsdb.Storage.Index;

namespace Tsdb.Storage;

/// <summary>A persisted block as a querier source. Block MaxTime is exclusive; sources are inclusive.</summary>
internal sealed class PersistedBlockSource(Block block) : IBlockSource
{
    public long MinTime => block.Meta.MinTime;

    public long MaxTime => block.Meta.MaxTime - 1;

    public IIndexReader Index(long mint, long maxt) => block;

    public IChunkReader Chunks() => block;

    public Tombstones.TombstoneSet? Tombstones => block.Tombstones;
}
