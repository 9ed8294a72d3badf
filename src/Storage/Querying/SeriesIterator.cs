using Tsdb.Storage.Chunks;
using Tsdb.Storage.Index;

namespace Tsdb.Storage;

/// <summary>
/// Chains the chunks of one series, trimmed to [mint, maxt]. Chunks of different blocks do not
/// overlap in normal operation; if they do, a sample not newer than the last one emitted is skipped,
/// so output stays strictly increasing. Reusable; allocates nothing per sample.
/// </summary>
internal sealed class SeriesIterator : ISampleIterator
{
    private List<(IChunkReader Reader, ChunkMeta Meta)> _chunks = [];
    private long _mint;
    private long _maxt;
    private int _next;
    private XorIterator? _cur;
    private XorIterator? _xorReuse;
    private long _t;
    private double _v;
    private bool _done;

    public Exception? Error { get; private set; }

    internal void Reset(List<(IChunkReader Reader, ChunkMeta Meta)> chunks, long mint, long maxt)
    {
        _chunks = chunks;
        _mint = mint;
        _maxt = maxt;
        _next = 0;
        _cur = null;
        _t = long.MinValue;
        _v = 0;
        _done = false;
        Error = null;
    }

    public Sample At() => new(_t, _v);

    public long AtT() => _t;

    public SampleKind Next()
    {
        while (!_done)
        {
            if (_cur is null && !OpenNextChunk(_mint))
            {
                break;
            }

            // XOR is the only chunk encoding, and this loop runs once per sample: typed calls, no interface.
            while (_cur!.Next() == SampleKind.Float)
            {
                var t = _cur.AtT();
                if (t < _mint || t <= _t)
                {
                    continue;
                }

                if (t > _maxt)
                {
                    _done = true;
                    return SampleKind.None;
                }

                _t = t;
                _v = _cur.AtV();
                return SampleKind.Float;
            }

            if (_cur.Error is not null)
            {
                Error = _cur.Error;
                _done = true;
                break;
            }

            _cur = null;
        }

        return SampleKind.None;
    }

    public SampleKind Seek(long t)
    {
        if (_done)
        {
            return SampleKind.None;
        }

        if (_t != long.MinValue && _t >= t)
        {
            return SampleKind.Float;
        }

        // Skip whole chunks that end before t without decoding them.
        if (_cur is null || (_next > 0 && _chunks[_next - 1].Meta.MaxTime < t))
        {
            _cur = null;
            while (_next < _chunks.Count && _chunks[_next].Meta.MaxTime < t)
            {
                _next++;
            }
        }

        var floor = Math.Max(t, _mint);
        while (Next() == SampleKind.Float)
        {
            if (_t >= floor)
            {
                return SampleKind.Float;
            }
        }

        return SampleKind.None;
    }

    private bool OpenNextChunk(long mint)
    {
        while (_next < _chunks.Count)
        {
            var (reader, meta) = _chunks[_next++];
            if (meta.MaxTime < mint || meta.MaxTime <= _t)
            {
                continue;
            }

            if (meta.MinTime > _maxt)
            {
                _done = true;
                return false;
            }

            IChunk chunk;
            try
            {
                chunk = reader.Chunk(meta);
            }
            catch (Blocks.CorruptBlockException e)
            {
                // Reported like a decode error: the caller checks Error after iterating.
                Error = e;
                _done = true;
                return false;
            }

            if (chunk is not XorChunk xor)
            {
                Error = new InvalidDataException($"unsupported chunk encoding in chunk {meta.Ref}");
                _done = true;
                return false;
            }

            _xorReuse = xor.XorIterator(_xorReuse);
            _cur = _xorReuse;
            return true;
        }

        return false;
    }
}
