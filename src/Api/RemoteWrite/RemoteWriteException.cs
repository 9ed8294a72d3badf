namespace Tsdb.Api.RemoteWrite;

/// <summary>A request the handler refuses, with the HTTP status and the text to answer with.</summary>
public sealed class RemoteWriteException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
