using System.Buffers.Binary;

namespace Tsdb.Storage.Chunks;

/// <summary>
/// A Gorilla XOR chunk, bit-compatible with Prometheus tsdb/chunkenc/xor.go: a 2-byte big-endian
/// sample count, the first timestamp as a varint and value as 64 raw bits, the second timestamp as
/// a uvarint delta, then delta-of-delta timestamps in 1/14/17/20/64-bit buckets and XOR'ed values
/// with a reused or new leading/trailing-zero window.
/// </summary>
public sealed class XorChunk : IChunk
{
    internal const int HeaderBytes = 2;

    private readonly ReadOnlyMemory<byte> _frozen;
    private XorAppender? _appender;

    /// <summary>A new, empty, appendable chunk.</summary>
    public XorChunk()
    {
        var w = new BitWriter(128);
        w.WriteBits(0, HeaderBytes * 8);
        _appender = new XorAppender(this, w);
    }

    /// <summary>A read-only view of encoded bytes (from a block or the WAL).</summary>
    public XorChunk(ReadOnlyMemory<byte> data)
    {
        if (data.Length < HeaderBytes)
        {
            throw new ArgumentException("XOR chunk shorter than its header", nameof(data));
        }

        _frozen = data;
    }

    public ChunkEncoding Encoding => ChunkEncoding.Xor;

    public ReadOnlyMemory<byte> Bytes => _appender is { } a ? a.Bytes : _frozen;

    public int NumSamples => BinaryPrimitives.ReadUInt16BigEndian(Bytes.Span);

    public IChunkAppender Appender()
    {
        if (_appender is not null)
        {
            return _appender;
        }

        _appender = XorAppender.Resume(this, _frozen);
        return _appender;
    }

    public ISampleIterator Iterator(ISampleIterator? reuse = null)
    {
        if (reuse is XorIterator it)
        {
            it.Reset(Bytes);
            return it;
        }

        return new XorIterator(Bytes);
    }

    /// <summary>Same as <see cref="Iterator"/> but typed, for hot loops that avoid interface calls.</summary>
    public XorIterator XorIterator(XorIterator? reuse = null)
    {
        if (reuse is null)
        {
            return new XorIterator(Bytes);
        }

        reuse.Reset(Bytes);
        return reuse;
    }
}
