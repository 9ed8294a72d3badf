using System.Buffers;
using Snappier;

namespace Tsdb.Api.RemoteWrite;

/// <summary>
/// Reads a snappy (block format) compressed request body within the size limits. Buffers come from
/// the shared array pool; dispose to return them.
/// </summary>
public sealed class RequestBody : IDisposable
{
    private byte[]? _decoded;

    private RequestBody(byte[] decoded, int length)
    {
        _decoded = decoded;
        Length = length;
    }

    public int Length { get; }

    /// <summary>The decompressed protobuf bytes.</summary>
    public ReadOnlySpan<byte> Span => _decoded.AsSpan(0, Length);

    public static async Task<RequestBody> ReadAsync(HttpRequest request, RemoteWriteLimits limits, CancellationToken ct)
    {
        if (request.ContentLength is long declared && declared > limits.MaxCompressedBytes)
        {
            throw TooLarge($"compressed body of {declared} bytes exceeds the limit of {limits.MaxCompressedBytes} bytes");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is long n and > 0 ? (int)n : 64 << 10);
        var length = 0;
        try
        {
            while (true)
            {
                var room = Math.Min(buffer.Length, limits.MaxCompressedBytes);
                if (length == room)
                {
                    if (room >= limits.MaxCompressedBytes)
                    {
                        // At the limit: one more byte means too large; refuse without reading the rest.
                        var probe = new byte[1];
                        if (await request.Body.ReadAsync(probe, ct).ConfigureAwait(false) > 0)
                        {
                            throw TooLarge($"compressed body exceeds the limit of {limits.MaxCompressedBytes} bytes");
                        }

                        break;
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limits.MaxCompressedBytes));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                    continue;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length, room - length), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (length == 0)
            {
                throw new RemoteWriteException(StatusCodes.Status400BadRequest, "empty request body; expected a snappy-compressed protobuf message");
            }

            var compressed = buffer.AsSpan(0, length);
            int size;
            try
            {
                size = Snappy.GetUncompressedLength(compressed);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or IndexOutOfRangeException)
            {
                throw new RemoteWriteException(StatusCodes.Status400BadRequest, $"snappy decode error: {e.Message}");
            }

            if (size < 0)
            {
                throw new RemoteWriteException(StatusCodes.Status400BadRequest, "snappy decode error: invalid decompressed length");
            }

            if (size > limits.MaxDecompressedBytes)
            {
                throw TooLarge($"decompressed body of {size} bytes exceeds the limit of {limits.MaxDecompressedBytes} bytes");
            }

            var decoded = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
            int written;
            try
            {
                written = Snappy.Decompress(compressed, decoded);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or IndexOutOfRangeException)
            {
                ArrayPool<byte>.Shared.Return(decoded);
                throw new RemoteWriteException(StatusCodes.Status400BadRequest, $"snappy decode error: {e.Message}");
            }

            return new RequestBody(decoded, written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
        if (_decoded is not null)
        {
            ArrayPool<byte>.Shared.Return(_decoded);
            _decoded = null;
        }
    }

    private static RemoteWriteException TooLarge(string message) =>
        new(StatusCodes.Status400BadRequest, $"body too large: {message}");
}
