namespace Tsdb.Api.RemoteWrite;

/// <summary>Which protobuf message a request carries, chosen from its Content-Type.</summary>
public enum RemoteWriteProtocol
{
    /// <summary><c>prometheus.WriteRequest</c> (remote write 1.0).</summary>
    V1,

    /// <summary><c>io.prometheus.write.v2.Request</c> (remote write 2.0).</summary>
    V2,
}
