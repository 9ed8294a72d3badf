using System.Buffers.Binary;

namespace Tsdb.Storage.Chunks;

/// <summary>
/// Decodes an XOR chunk. Reusable via <see cref="Reset"/>; allocates nothing per sample.
/// Stops after the sample count read at reset time, so it is safe against a concurrent appender.
/// </summary>
public sealed class XorIterator : ISampleIterator
{
    private ReadOnlyMemory<byte> _data;
    private BitReader _r;
    private int _total;
    private int _read;
    private long _t;
    private double _v;
    private ulong _tDelta;
    private byte _leading;
    private byte _trailing;
    private bool _hasWindow;

    public XorIterator(ReadOnlyMemory<byte> data) => Reset(data);

    public Exception? Error { get; private set; }

    internal int Count => _read;

    internal long LastT => _t;

    internal double LastV => _v;

    internal ulong LastTDelta => _tDelta;

    internal byte Leading => _leading;

    internal byte Trailing => _trailing;

    /// <summary>Whether a leading/trailing window has been read (false while all values repeat the first).</summary>
    internal bool HasWindow => _hasWindow;

    public void Reset(ReadOnlyMemory<byte> data)
    {
        _data = data;
        _total = data.Length >= XorChunk.HeaderBytes ? BinaryPrimitives.ReadUInt16BigEndian(data.Span) : 0;
        _r = new BitReader(XorChunk.HeaderBytes);
        _read = 0;
        _t = 0;
        _v = 0;
        _tDelta = 0;
        _leading = 0;
        _trailing = 0;
        _hasWindow = false;
        Error = null;
    }

    public Sample At() => new(_t, _v);

    public long AtT() => _t;

    public double AtV() => _v;

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
        if (_read >= _total || Error is not null)
        {
            return SampleKind.None;
        }

        var span = _data.Span;
        if (_read == 0)
        {
            _t = _r.ReadVarint(span);
            _v = BitConverter.UInt64BitsToDouble(_r.ReadBits(span, 64));
        }
        else if (_read == 1)
        {
            _tDelta = _r.ReadUVarint(span);
            _t += (long)_tDelta;
            ReadValue(span);
        }
        else
        {
            ReadDeltaOfDelta(span);
            ReadValue(span);
        }

        if (_r.Overrun)
        {
            Error = new InvalidDataException($"XOR chunk truncated at sample {_read} of {_total}");
            return SampleKind.None;
        }

        _read++;
        return SampleKind.Float;
    }

    private void ReadDeltaOfDelta(ReadOnlySpan<byte> span)
    {
        // Prefix: up to four 1-bits selecting the bucket width.
        var prefix = 0;
        while (prefix < 4 && _r.ReadBit(span))
        {
            prefix++;
        }

        var size = prefix switch
        {
            0 => 0,
            1 => 14,
            2 => 17,
            3 => 20,
            _ => 64,
        };
        long dod = 0;
        if (size != 0)
        {
            var bits = _r.ReadBits(span, size);
            if (size != 64 && bits > 1UL << (size - 1))
            {
                // Sign-extend: values above 2^(n-1) are the negative half of the bucket.
                bits -= 1UL << size;
            }

            dod = (long)bits;
        }

        _tDelta = (ulong)((long)_tDelta + dod);
        _t += (long)_tDelta;
    }

    private void ReadValue(ReadOnlySpan<byte> span)
    {
        if (!_r.ReadBit(span))
        {
            return;
        }

        if (_r.ReadBit(span))
        {
            _leading = (byte)_r.ReadBits(span, 5);
            var significant = (int)_r.ReadBits(span, 6);
            if (significant == 0)
            {
                significant = 64;
            }

            _trailing = (byte)(64 - _leading - significant);
            _hasWindow = true;
        }

        var width = 64 - _leading - _trailing;
        var bits = _r.ReadBits(span, width);
        _v = BitConverter.UInt64BitsToDouble(BitConverter.DoubleToUInt64Bits(_v) ^ (bits << _trailing));
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

        return BitPosition;
    }

    private long BitPosition => _r.BitPosition;
}
