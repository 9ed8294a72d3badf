using Microsoft.Net.Http.Headers;

namespace Tsdb.Api.RemoteWrite;

/// <summary>Content-Type and Content-Encoding checks of the remote-write specs (unsupported → 415).</summary>
public static class ContentNegotiation
{
    public const string ProtobufMediaType = "application/x-protobuf";
    public const string V1Message = "prometheus.WriteRequest";
    public const string V2Message = "io.prometheus.write.v2.Request";

    /// <summary>
    /// The protocol for a Content-Type header value; a missing header means 1.0 (as in Prometheus).
    /// Throws <see cref="RemoteWriteException"/> with 415 for anything else.
    /// </summary>
    public static RemoteWriteProtocol Protocol(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return RemoteWriteProtocol.V1;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var mt)
            || !string.Equals(mt.MediaType.Value, ProtobufMediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw Unsupported($"unsupported content type \"{contentType}\"; expected {ProtobufMediaType} with proto={V1Message} or proto={V2Message}");
        }

        string? proto = null;
        foreach (var p in mt.Parameters)
        {
            if (string.Equals(p.Name.Value, "proto", StringComparison.OrdinalIgnoreCase))
            {
                proto = HeaderUtilities.RemoveQuotes(p.Value).Value;
            }
        }

        return proto switch
        {
            null or "" or V1Message => RemoteWriteProtocol.V1,
            V2Message => RemoteWriteProtocol.V2,
            _ => throw Unsupported($"unsupported remote write message \"proto={proto}\"; expected {V1Message} or {V2Message}"),
        };
    }

    /// <summary>Only snappy (or no header, which Prometheus also reads as snappy) is accepted.</summary>
    public static void CheckEncoding(string? contentEncoding)
    {
        if (!string.IsNullOrWhiteSpace(contentEncoding)
            && !string.Equals(contentEncoding.Trim(), "snappy", StringComparison.OrdinalIgnoreCase))
        {
            throw Unsupported($"unsupported content encoding \"{contentEncoding}\"; expected snappy");
        }
    }

    private static RemoteWriteException Unsupported(string message) =>
        new(StatusCodes.Status415UnsupportedMediaType, message);
}
