using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Tsdb.Storage.Wal;

/// <summary>
/// Sequential reader of framed records in one segment or checkpoint file, from a start offset up
/// to a limit (the file length, or a checkpoint cut). Every record is length- and CRC-checked;
/// the first bad frame stops the reader with <see cref="WalReadStatus.Corrupt"/>, leaving
/// <see cref="Offset"/> at the start of the bad frame (= the end of the last valid record).
/// Reads through a pooled buffer with RandomAccess; no allocation per record.
/// </summary>
internal sealed class WalFileReader : IDisposable
{
    private const int DefaultBufferSize = 1 << 20;

    private readonly SafeFileHandle _handle;
    private readonly long _limit;
    private byte[] _buffer;
    private long _bufferFileOffset; // file offset of _buffer[0]
    private int _bufferLength;      // valid bytes in _buffer

    public WalFileReader(string path, long startOffset = 0, long limit = long.MaxValue)
    {
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        FileLength = RandomAccess.GetLength(_handle);
        _limit = Math.Min(limit, FileLength);
        Offset = startOffset;
        _bufferFileOffset = startOffset;
        _buffer = ArrayPool<byte>.Shared.Rent(DefaultBufferSize);
    }

    public long FileLength { get; }

    /// <summary>Start of the next record; after <see cref="WalReadStatus.Corrupt"/>, the corruption point.</summary>
    public long Offset { get; private set; }

    /// <summary>Why the last read returned <see cref="WalReadStatus.Corrupt"/>.</summary>
    public string? CorruptionReason { get; private set; }

    /// <summary>True when the limit lies inside a record (a cut that is not a record boundary).</summary>
    public bool EndedInsideRecord { get; private set; }

    public WalReadStatus Next(out ReadOnlySpan<byte> payload)
    {
        payload = default;
        if (CorruptionReason is not null)
        {
            return WalReadStatus.Corrupt;
        }

        if (Offset >= _limit)
        {
            return WalReadStatus.End;
        }

        var remaining = FileLength - Offset;
        if (remaining < WalFraming.HeaderSize)
        {
            return Corrupt(string.Create(CultureInfo.InvariantCulture, $"torn record header ({remaining} of {WalFraming.HeaderSize} bytes)"));
        }

        var header = Ensure(WalFraming.HeaderSize);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (length > WalFraming.MaxRecordSize)
        {
            return Corrupt(string.Create(CultureInfo.InvariantCulture, $"invalid record length {length}"));
        }

        if (length > remaining - WalFraming.HeaderSize)
        {
            return Corrupt(string.Create(CultureInfo.InvariantCulture,
                $"truncated record: header says {length} bytes, {remaining - WalFraming.HeaderSize} left in the file"));
        }

        var frame = Ensure(WalFraming.HeaderSize + (int)length);
        var body = frame[WalFraming.HeaderSize..];
        if (WalFraming.Checksum((int)length, body) != crc)
        {
            return Corrupt("checksum mismatch");
        }

        if (Offset + WalFraming.HeaderSize + length > _limit)
        {
            EndedInsideRecord = true;
            return WalReadStatus.End;
        }

        Offset += WalFraming.HeaderSize + length;
        payload = body;
        return WalReadStatus.Record;
    }

    private WalReadStatus Corrupt(string reason)
    {
        CorruptionReason = reason;
        return WalReadStatus.Corrupt;
    }

    /// <summary>Makes <paramref name="count"/> bytes from <see cref="Offset"/> available in the buffer.</summary>
    private ReadOnlySpan<byte> Ensure(int count)
    {
        var start = (int)(Offset - _bufferFileOffset);
        if (start + count > _bufferLength)
        {
            if (count > _buffer.Length)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(count);
            }

            // Refill from Offset; callers checked that count bytes exist in the file.
            _bufferFileOffset = Offset;
            _bufferLength = 0;
            start = 0;
            var toRead = (int)Math.Min(_buffer.Length, FileLength - Offset);
            while (_bufferLength < toRead)
            {
                var n = RandomAccess.Read(_handle, _buffer.AsSpan(_bufferLength, toRead - _bufferLength), Offset + _bufferLength);
                if (n == 0)
                {
                    break;
                }

                _bufferLength += n;
            }

            if (_bufferLength < count)
            {
                throw new IOException($"file shrank while reading at offset {Offset}");
            }
        }

        return _buffer.AsSpan(start, count);
    }

    public void Dispose()
    {
        _handle.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
