using Tsdb.Storage.Codecs;
using System.Buffers.Binary;
using Tsdb.Storage.Chunks;

namespace Tsdb.Storage.Blocks;

/// <summary>
/// Appends chunks to <c>chunks/000001</c>, <c>000002</c>, ... of a block being written, cutting a
/// new segment before one would exceed the maximum size. Bytes go straight to a buffered file
/// stream; nothing is retained in memory.
/// </summary>
internal sealed class ChunkSegmentWriter : IDisposable
{
    private readonly string _dir;
    private readonly long _maxSegmentSize;
    private FileStream? _current;
    private int _segmentIndex = -1;
    private long _pos;

    public ChunkSegmentWriter(string chunksDir, long maxSegmentSize)
    {
        _dir = chunksDir;
        _maxSegmentSize = maxSegmentSize;
        Directory.CreateDirectory(chunksDir);
    }

    /// <summary>Writes one chunk and returns its reference.</summary>
    public ulong Write(ChunkEncoding encoding, ReadOnlySpan<byte> data)
    {
        Span<byte> head = stackalloc byte[11];
        var n = EncBuf.WriteUvarint(head, (ulong)data.Length);
        head[n] = (byte)encoding;
        var total = n + 1 + data.Length + 4;
        if (_current is null || (_pos + total > _maxSegmentSize && _pos > ChunkSegmentFormat.HeaderSize))
        {
            Cut();
        }

        if (_pos + total > uint.MaxValue)
        {
            throw new InvalidOperationException("chunk segment offset exceeds 32 bits");
        }

        var chunkRef = ChunkSegmentFormat.Ref(_segmentIndex, _pos);
        var crc = Crc32C.Update(Crc32C.Initial, head.Slice(n, 1));
        crc = ~Crc32C.Update(crc, data);
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc);

        _current!.Write(head[..(n + 1)]);
        _current.Write(data);
        _current.Write(crcBytes);
        _pos += total;
        return chunkRef;
    }

    /// <summary>Flushes and fsyncs the open segment.</summary>
    public void Finish()
    {
        if (_current is not null)
        {
            _current.Flush(flushToDisk: true);
            _current.Dispose();
            _current = null;
        }
    }

    public void Dispose() => _current?.Dispose();

    private void Cut()
    {
        Finish();
        _segmentIndex++;
        var path = Path.Combine(_dir, BlockDirs.SegmentFileName(_segmentIndex + 1));
        _current = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> header = stackalloc byte[ChunkSegmentFormat.HeaderSize];
        BinaryPrimitives.WriteUInt32BigEndian(header, ChunkSegmentFormat.Magic);
        header[4] = ChunkSegmentFormat.Version;
        _current.Write(header);
        _pos = ChunkSegmentFormat.HeaderSize;
    }
}
