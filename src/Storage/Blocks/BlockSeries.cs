using Tsdb.Storage.Chunks;
using Tsdb.Storage.Index;

namespace Tsdb.Storage.Blocks;

/// <summary>
/// One series handed to <see cref="BlockWriter"/>: its labels and its chunks in time order.
/// <see cref="ChunkMeta.MinTime"/>/<see cref="ChunkMeta.MaxTime"/> must be the chunk's first and
/// last sample timestamps; <see cref="ChunkMeta.Ref"/> is ignored (the writer assigns new ones).
/// </summary>
public sealed record BlockSeries(Labels Labels, IReadOnlyList<(ChunkMeta Meta, IChunk Chunk)> Chunks);
