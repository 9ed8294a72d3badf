using System.Buffers.Binary;
using System.Numerics;
using Google.Protobuf;
using Snappier;
using Tsdb.Api.RemoteRead.Proto;
using Tsdb.Storage;
using Tsdb.Storage.Chunks;

namespace Tsdb.Api.Tests.RemoteRead;

/// <summary>Client side for tests: encodes ReadRequests as Prometheus does and decodes both response types.</summary>
internal static class RemoteReadClient
{
    public static Query Query(long start, long end, params (LabelMatcher.Types.Type Type, string Name, string Value)[] matchers)
    {
        var q = new Query { StartTimestampMs = start, EndTimestampMs = end };
        foreach (var (type, name, value) in matchers)
        {
            q.Matchers.Add(new LabelMatcher { Type = type, Name = name, Value = value });
        }

        return q;
    }

    public static ReadRequest Request(ReadRequest.Types.ResponseType[] accepted, params Query[] queries)
    {
        var r = new ReadRequest();
        r.Queries.AddRange(queries);
        r.AcceptedResponseTypes.AddRange(accepted);
        return r;
    }

    public static ByteArrayContent Content(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        content.Headers.Add("X-Prometheus-Remote-Read-Version", "0.1.0");
        return content;
    }

    public static ByteArrayContent Content(ReadRequest request) => Content(Snappy.CompressToArray(request.ToByteArray()));

    public static ReadResponse DecodeSamples(byte[] body) => ReadResponse.Parser.ParseFrom(Snappy.DecompressToArray(body));

    /// <summary>Splits a streamed body into its frames, checking each frame's CRC32-Castagnoli.</summary>
    public static List<(int Size, ChunkedReadResponse Message)> DecodeFrames(byte[] body)
    {
        var frames = new List<(int, ChunkedReadResponse)>();
        var pos = 0;
        while (pos < body.Length)
        {
            ulong size = 0;
            var shift = 0;
            while (true)
            {
                var b = body[pos++];
                size |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    break;
                }

                shift += 7;
            }

            var crc = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(pos));
            pos += 4;
            var message = body.AsSpan(pos, (int)size);
            Assert.Equal(crc, Castagnoli(message));
            frames.Add(((int)size, ChunkedReadResponse.Parser.ParseFrom(message)));
            pos += (int)size;
        }

        return frames;
    }

    /// <summary>The samples of an XOR chunk as sent, decoded with our own chunk iterator.</summary>
    public static List<(long T, ulong Bits)> DecodeChunk(Chunk chunk)
    {
        Assert.Equal(Chunk.Types.Encoding.Xor, chunk.Type);
        var it = new XorChunk(chunk.Data.ToByteArray()).Iterator();
        var samples = new List<(long, ulong)>();
        while (it.Next() == SampleKind.Float)
        {
            var s = it.At();
            samples.Add((s.T, BitConverter.DoubleToUInt64Bits(s.V)));
        }

        Assert.Null(it.Error);
        Assert.Equal(chunk.MinTimeMs, samples[0].Item1);
        Assert.Equal(chunk.MaxTimeMs, samples[^1].Item1);
        return samples;
    }

    public static Labels ToLabels(IEnumerable<Tsdb.Api.RemoteWrite.Proto.V1.Label> labels) =>
        Labels.FromUnsorted(labels.Select(l => new Label(l.Name, l.Value)));

    private static uint Castagnoli(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
