namespace Tsdb.Api.RemoteRead;

/// <summary>
/// Limits of the remote-read handler, with the defaults of Prometheus's flags
/// <c>--storage.remote.read-sample-limit</c>, <c>--storage.remote.read-concurrent-limit</c> and
/// <c>--storage.remote.read-max-bytes-in-frame</c>.
/// </summary>
public sealed record RemoteReadLimits
{
    public static readonly RemoteReadLimits Default = new();

    /// <summary>Most samples one query of a SAMPLES response may return (larger → 400); 0 = no limit.</summary>
    public int SampleLimit { get; init; } = 50_000_000;

    /// <summary>Most requests served at once; further requests wait for a slot.</summary>
    public int ConcurrencyLimit { get; init; } = 10;

    /// <summary>
    /// Target size of one STREAMED_XOR_CHUNKS frame. A frame is closed once it reaches this size,
    /// so it may exceed it by up to one chunk (as in Prometheus).
    /// </summary>
    public int MaxBytesInFrame { get; init; } = 1 << 20;
}
