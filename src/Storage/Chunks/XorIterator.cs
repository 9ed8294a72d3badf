using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tsdb.Storage.Chunks;

/// <summary>
/// Decodes an XOR chunk. Reusable via <see cref="Reset"/>; allocates nothing per sample.
/// Stops after the sample count read at reset time, so it is safe against a concurrent appender.
/// </summary>
/// <remarks>
/// This is the hottest loop of the database, so <see cref="Next"/> works on locals and reads bits
/// from a 64-bit window that is topped up to at least 56 bits before the timestamp and before the
/// value. All common cases (every delta-of-delta bucket but the 64-bit one, unchanged values,
/// values of up to 54 bits) then decode without a bounds check or a call; the rest take
/// <c>NoInlining</c> slow paths that work on the fields. Bytes past the end read as zeros, and a
/// single comparison per sample detects that a truncated chunk was read past its end.
/// </remarks>
public sealed class XorIterator : ISampleIterator
{
    /// <summary>The window holds at least this many bits after a refill (8 bytes minus a partial one).</summary>
    private const int RefillFloor = 56;

    private byte[] _buf = [];
    private byte[]? _copy;  // holds data that is not backed by an array (copied once per Reset)
    private int _start;     // index of the chunk's first byte (the header) in _buf
    private int _end;       // one past the chunk's last byte
    private int _pos;       // next byte to load into the window; may run past _end (reads as zero)
    private ulong _window;  // unread bits, MSB first; bits below _valid are zero or the next bytes' own bits
    private int _valid;     // unread bits in _window
    private int _total;
    private int _read;
    private long _t;
    private ulong _vBits;
    private ulong _tDelta;
    private int _leading;
    private int _trailing;
    private bool _hasWindow;

    public XorIterator(ReadOnlyMemory<byte> data) => Reset(data);

    public Exception? Error { get; private set; }

    internal int Count => _read;

    internal long LastT => _t;

    internal double LastV => BitConverter.UInt64BitsToDouble(_vBits);

    internal ulong LastTDelta => _tDelta;

    internal byte Leading => (byte)_leading;

    internal byte Trailing => (byte)_trailing;

    /// <summary>Whether a leading/trailing window has been read (false while all values repeat the first).</summary>
    internal bool HasWindow => _hasWindow;

    public void Reset(ReadOnlyMemory<byte> data) =>
        Reset(data, data.Length >= XorChunk.HeaderBytes ? BinaryPrimitives.ReadUInt16BigEndian(data.Span) : 0);

    /// <summary>Resets to read exactly <paramref name="count"/> samples (a snapshot of a growing chunk).</summary>
    internal void Reset(ReadOnlyMemory<byte> data, int count)
    {
        if (MemoryMarshal.TryGetArray(data, out var seg))
        {
            _buf = seg.Array!;
            _start = seg.Offset;
        }
        else
        {
            // E.g. a memory-mapped block: copy once into a reused buffer (a chunk is ~1 KiB at most).
            if (_copy is null || _copy.Length < data.Length)
            {
                _copy = new byte[Math.Max(data.Length, 256)];
            }

            data.Span.CopyTo(_copy);
            _buf = _copy;
            _start = 0;
        }

        _end = _start + data.Length;
        _total = count;
        _pos = _start + XorChunk.HeaderBytes;
        _window = 0;
        _valid = 0;
        _read = 0;
        _t = 0;
        _vBits = 0;
        _tDelta = 0;
        _leading = 0;
        _trailing = 0;
        _hasWindow = false;
        Error = null;
    }

    public Sample At() => new(_t, BitConverter.UInt64BitsToDouble(_vBits));

    public long AtT() => _t;

    public double AtV() => BitConverter.UInt64BitsToDouble(_vBits);

    public SampleKind Seek(long t)
    {
        if (_read > 0 && _t >= t)
        {
            return SampleKind.Float;
        }

        while (Next() == SampleKind.Float)
        {
            if (_t >= t)
            {
                return SampleKind.Float;
            }
        }

        return SampleKind.None;
    }

    public SampleKind Next()
    {
        // Fast path, small enough to keep the prologue cheap: the timestamp delta repeats ('0') and
        // the value repeats ('0') or changes inside the previous window ('10'), with the bits
        // already in the window. Regular scrapes of counters and constants are mostly this.
        var read = _read;
        var window = _window;
        var valid = _valid;
        if (read >= 2 && read < _total)
        {
            if (valid < 24)
            {
                var pos = _pos;
                if (pos > _end - 8)
                {
                    return NextSlow(read);
                }

                window |= ReadBigEndian(_buf, pos) >> valid;
                var bytes = (63 - valid) >> 3;
                _pos = pos + bytes;
                valid += bytes << 3;
                _window = window;
                _valid = valid;
            }

            if ((long)window < 0)
            {
                return NextSlow(read);
            }

            if ((long)(window << 1) >= 0)
            {
                _window = window << 2;
                _valid = valid - 2;
            }
            else if ((long)(window << 2) >= 0 && 64 - _leading - _trailing is var width && width <= valid - 3)
            {
                window <<= 3;
                _vBits ^= window >> (64 - width) << _trailing;
                _window = window << (width - 1) << 1;
                _valid = valid - 3 - width;
            }
            else
            {
                return NextSlow(read);
            }

            _t += (long)_tDelta;
            if (_pos > _end && (long)_pos * 8 - _valid > (long)_end * 8)
            {
                return Truncated(read);
            }

            _read = read + 1;
            return SampleKind.Float;
        }

        return read < _total ? NextSlow(read) : SampleKind.None;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private SampleKind NextSlow(int read)
    {

        if (read == 0)
        {
            return NextFirst();
        }

        if (read == 1)
        {
            // The second timestamp is a plain delta; the value is XOR'ed like all later ones.
            _tDelta = ReadUVarintSlow();
        }

        var buf = _buf;
        var pos = _pos;
        var window = _window;
        var valid = _valid;
        var tDelta = _tDelta;
        if (read >= 2)
        {
            if (valid < RefillFloor)
            {
                if (pos <= _end - 8)
                {
                    window |= ReadBigEndian(buf, pos) >> valid;
                    var bytes = (63 - valid) >> 3;
                    pos += bytes;
                    valid += bytes << 3;
                }
                else
                {
                    (_pos, _window, _valid) = (pos, window, valid);
                    RefillSlow();
                    (pos, window, valid) = (_pos, _window, _valid);
                }
            }

            // Delta of delta: '0' | '10'+14 | '110'+17 | '1110'+20 | '1111'+64 bits.
            if ((long)window >= 0)
            {
                window <<= 1;
                valid--;
            }
            else
            {
                var ones = BitOperations.LeadingZeroCount(~window);
                if (ones < 4)
                {
                    var size = 11 + 3 * ones; // 14, 17, 20
                    window <<= ones + 1;
                    var raw = window >> (64 - size);
                    window <<= size;
                    valid -= ones + 1 + size;
                    // Sign-extend: values above 2^(size-1) are the negative half of the bucket.
                    tDelta += raw > 1UL << (size - 1) ? raw - (1UL << size) : raw;
                }
                else
                {
                    (_pos, _window, _valid) = (pos, window << 4, valid - 4);
                    tDelta += ReadBitsSlow(64);
                    (pos, window, valid) = (_pos, _window, _valid);
                }
            }

            _tDelta = tDelta;
        }

        _t += (long)tDelta;

        if (valid < RefillFloor)
        {
            if (pos <= _end - 8)
            {
                window |= ReadBigEndian(buf, pos) >> valid;
                var bytes = (63 - valid) >> 3;
                pos += bytes;
                valid += bytes << 3;
            }
            else
            {
                (_pos, _window, _valid) = (pos, window, valid);
                RefillSlow();
                (pos, window, valid) = (_pos, _window, _valid);
            }
        }

        // Value: '0' unchanged | '10' XOR in the previous window | '11' + 5-bit leading + 6-bit width + XOR.
        if ((long)window >= 0)
        {
            window <<= 1;
            valid--;
        }
        else
        {
            if ((long)(window << 1) >= 0)
            {
                window <<= 2;
                valid -= 2;
            }
            else
            {
                _leading = (int)(window >> 57) & 0x1F;
                var significant = (int)(window >> 51) & 0x3F;
                window <<= 13;
                valid -= 13;
                // 64 significant bits do not fit 6 bits; they are written as 0.
                _trailing = 64 - _leading - (significant == 0 ? 64 : significant);
                _hasWindow = true;
            }

            var trailing = _trailing;
            var width = 64 - _leading - trailing;
            if (width > valid && pos <= _end - 8)
            {
                // Wide values (noisy gauges) after a new window header: top up once more.
                window |= ReadBigEndian(buf, pos) >> valid;
                var bytes = (63 - valid) >> 3;
                pos += bytes;
                valid += bytes << 3;
            }

            ulong bits;
            if (width <= valid)
            {
                bits = window >> (64 - width);
                window = window << (width - 1) << 1; // width may be 64
                valid -= width;
            }
            else
            {
                (_pos, _window, _valid) = (pos, window, valid);
                bits = ReadBitsSlow(width);
                (pos, window, valid) = (_pos, _window, _valid);
            }

            _vBits ^= bits << trailing;
        }

        (_pos, _window, _valid) = (pos, window, valid);
        if ((long)pos * 8 - valid > (long)_end * 8)
        {
            return Truncated(read);
        }

        _read = read + 1;
        return SampleKind.Float;
    }

    /// <summary>Decodes the rest and returns the bit length consumed (used to resume appending).</summary>
    internal long BitLengthAfterDecodingAll()
    {
        while (Next() == SampleKind.Float)
        {
        }

        if (Error is not null)
        {
            throw Error;
        }

        return (long)(_pos - _start) * 8 - _valid;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadBigEndian(byte[] buf, int pos) =>
        // The caller checked pos + 8 <= _end <= buf.Length, so the unaligned read stays inside the array.
        BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(ref buf[pos]));

    /// <summary>The first sample: a varint timestamp and 64 raw value bits.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private SampleKind NextFirst()
    {
        var u = ReadUVarintSlow();
        _t = (long)(u >> 1) ^ -(long)(u & 1);
        _vBits = ReadBitsSlow(64);
        if ((long)_pos * 8 - _valid > (long)_end * 8)
        {
            return Truncated(0);
        }

        _read = 1;
        return SampleKind.Float;
    }

    private SampleKind Truncated(int read)
    {
        Error = new InvalidDataException($"XOR chunk truncated at sample {read} of {_total}");
        _read = read;
        _total = read;
        return SampleKind.None;
    }

    /// <summary>Tops the window up to at least <see cref="RefillFloor"/> bits, byte by byte near the end.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RefillSlow()
    {
        if (_pos <= _end - 8)
        {
            _window |= ReadBigEndian(_buf, _pos) >> _valid;
            var bytes = (63 - _valid) >> 3;
            _pos += bytes;
            _valid += bytes << 3;
            return;
        }

        while (_valid <= RefillFloor)
        {
            ulong b = _pos < _end ? _buf[_pos] : 0UL;
            _window |= b << (56 - _valid);
            _pos++;
            _valid += 8;
        }
    }

    /// <summary>Reads 1..64 bits through the fields.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ulong ReadBitsSlow(int count)
    {
        if (count > 32)
        {
            var hi = ReadBitsSlow(count - 32);
            return (hi << 32) | ReadBitsSlow(32);
        }

        if (_valid < count)
        {
            RefillSlow();
        }

        var r = _window >> (64 - count);
        _window <<= count;
        _valid -= count;
        return r;
    }

    private ulong ReadUVarintSlow()
    {
        ulong x = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadBitsSlow(8);
            if (b < 0x80)
            {
                return x | (b << shift);
            }

            x |= (b & 0x7F) << shift;
        }

        // More than 10 bytes: corrupt. Make the truncation check fire.
        _pos = _end + 1;
        _valid = 0;
        return 0;
    }
}
