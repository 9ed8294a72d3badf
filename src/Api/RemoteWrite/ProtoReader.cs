using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Tsdb.Api.RemoteWrite;

/// <summary>
/// A protobuf wire-format cursor over one message's bytes, for the remote-write hot path: fields are
/// read as spans of the request buffer, so nothing is allocated. Malformed input (truncation, a zero
/// field number, an unknown wire type, an over-long varint) throws a 400
/// <see cref="RemoteWriteException"/>, as Google.Protobuf's parser would refuse the message.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    public const int WireVarint = 0;
    public const int WireFixed64 = 1;
    public const int WireLength = 2;
    public const int WireStartGroup = 3;
    public const int WireEndGroup = 4;
    public const int WireFixed32 = 5;

    private readonly ReadOnlySpan<byte> _data = data;
    private int _pos;

    public readonly bool End => _pos >= _data.Length;

    public readonly int Position => _pos;

    /// <summary>The next field's tag (field number &lt;&lt; 3 | wire type).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadTag()
    {
        // Field numbers 1..15 with any wire type are one byte: the common case.
        if ((uint)_pos < (uint)_data.Length && _data[_pos] is var b and < 0x80 and >= 8)
        {
            _pos++;
            return b;
        }

        return ReadTagSlow();
    }

    private uint ReadTagSlow()
    {
        var tag = ReadVarint();
        if (tag > uint.MaxValue || (tag >> 3) == 0)
        {
            ThrowMalformed("invalid field tag");
        }

        return (uint)tag;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint()
    {
        if ((uint)_pos < (uint)_data.Length && _data[_pos] < 0x80)
        {
            return _data[_pos++];
        }

        return ReadVarintSlow();
    }

    private ulong ReadVarintSlow()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if ((uint)_pos >= (uint)_data.Length)
            {
                ThrowMalformed("truncated varint");
            }

            var b = _data[_pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        ThrowMalformed("varint longer than 10 bytes");
        return 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadFixed64()
    {
        if ((uint)_pos + 8 > (uint)_data.Length)
        {
            ThrowMalformed("truncated fixed64");
        }

        var v = BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(_pos, 8));
        _pos += 8;
        return v;
    }

    /// <summary>A length-delimited field's bytes (a string, bytes or an embedded message).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _pos))
        {
            ThrowMalformed("length-delimited field runs past the end of its message");
        }

        var span = _data.Slice(_pos, (int)length);
        _pos += (int)length;
        return span;
    }

    /// <summary>Skips the value of a field whose tag was just read (unknown fields are ignored, as in protobuf).</summary>
    public void SkipField(uint tag)
    {
        switch ((int)(tag & 7))
        {
            case WireVarint:
                ReadVarint();
                break;
            case WireFixed64:
                ReadFixed64();
                break;
            case WireLength:
                ReadLengthDelimited();
                break;
            case WireFixed32:
                if ((uint)_pos + 4 > (uint)_data.Length)
                {
                    ThrowMalformed("truncated fixed32");
                }

                _pos += 4;
                break;
            case WireStartGroup:
                SkipGroup(tag >> 3);
                break;
            default:
                ThrowMalformed($"unexpected wire type {tag & 7}");
                break;
        }
    }

    private void SkipGroup(uint field)
    {
        while (true)
        {
            if (End)
            {
                ThrowMalformed("truncated group");
            }

            var tag = ReadTag();
            if ((tag & 7) == WireEndGroup)
            {
                if (tag >> 3 != field)
                {
                    ThrowMalformed("mismatched end of group");
                }

                return;
            }

            SkipField(tag);
        }
    }

    [DoesNotReturn]
    public static void ThrowMalformed(string what) =>
        throw new RemoteWriteException(StatusCodes.Status400BadRequest, "protobuf decode error: " + what);
}
