using Tsdb.Storage.Chunks;
using Tsdb.Storage.Index;

namespace Tsdb.Storage;

public sealed partial class Head
{
    /// <summary>An index reader restricted to chunks overlapping [mint, maxt].</summary>
    public IIndexReader Index(long mint, long maxt) => new HeadIndexReader(this, mint, maxt);

    public IChunkReader Chunks() => new HeadChunkReader(this);

    private sealed class HeadIndexReader(Head head, long mint, long maxt) : IIndexReader
    {
        public bool PostingsSortedByLabels => false;

        public IReadOnlyList<string> LabelNames() => head._postings.LabelNames();

        public IReadOnlyList<string> LabelValues(string name) => head._postings.LabelValues(name);

        public IPostings Postings(string name, string value) => head._postings.Get(name, value);

        public IPostings AllPostings() => head._postings.All();

        public bool Series(ulong seriesRef, out Labels labels, List<ChunkMeta> chunks)
        {
            chunks.Clear();
            var s = head.SeriesByRef(seriesRef);
            if (s is null)
            {
                labels = Labels.Empty;
                return false;
            }

            labels = s.Labels;
            lock (s)
            {
                s.ChunkMetas(mint, maxt, chunks);
            }

            return true;
        }
    }

    private sealed class HeadChunkReader(Head head) : IChunkReader
    {
        private static readonly XorChunk Missing = new(new byte[XorChunk.HeaderBytes]);

        public IChunk Chunk(in ChunkMeta meta)
        {
            var (seriesRef, chunkId) = HeadChunkRef.Unpack(meta.Ref);
            var s = head.SeriesByRef(seriesRef);
            if (s is null)
            {
                return Missing;
            }

            lock (s)
            {
                // Truncated since the index was read: the data is in a block the querier also reads.
                return s.ChunkSnapshot(chunkId) ?? Missing;
            }
        }
    }
}
