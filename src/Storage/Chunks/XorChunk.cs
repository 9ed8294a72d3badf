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
    private readonly int _fixedCount = -1;
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

    /// <summary>A view that holds exactly <paramref name="count"/> samples of the given bytes.</summary>
    private XorChunk(ReadOnlyMemory<byte> data, int count)
    {
        _frozen = data;
        _fixedCount = count;
    }

    public ChunkEncoding Encoding => ChunkEncoding.Xor;

    public ReadOnlyMemory<byte> Bytes => _appender is { } a ? a.Bytes : _frozen;

    public int NumSamples => _fixedCount >= 0 ? _fixedCount : BinaryPrimitives.ReadUInt16BigEndian(Bytes.Span);

    /// <summary>
    /// A read-only snapshot of the samples appended so far. The head takes it under the series lock;
    /// the snapshot keeps its own count because the appender keeps writing into the shared buffer.
    /// </summary>
    internal XorChunk Snapshot()
    {
        var bytes = Bytes;
        return new XorChunk(bytes, BinaryPrimitives.ReadUInt16BigEndian(bytes.Span));
    }

    public IChunkAppender Appender() => TypedAppender();

    /// <summary>Same as <see cref="Appender"/> but typed, for the head's append loop.</summary>
    internal XorAppender TypedAppender()
    {
        if (_appender is not null)
        {
            return _appender;
        }

        if (_fixedCount >= 0)
        {
            throw new InvalidOperationException("a chunk snapshot is read-only");
        }

        _appender = XorAppender.Resume(this, _frozen);
        return _appender;
    }

    public ISampleIterator Iterator(ISampleIterator? reuse = null)
    {
        return XorIterator(reuse as XorIterator);
    }

    /// <summary>Same as <see cref="Iterator"/> but typed, for hot loops that avoid interface calls.</summary>
    public XorIterator XorIterator(XorIterator? reuse = null)
    {
        var it = reuse ?? new XorIterator(ReadOnlyMemory<byte>.Empty);
        if (_fixedCount >= 0)
        {
            it.Reset(_frozen, _fixedCount);
        }
        else
        {
            it.Reset(Bytes);
        }

        return it;
    }
}
