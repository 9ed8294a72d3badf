namespace Tsdb.Api.RemoteWrite;

/// <summary>Size limits for remote-write request bodies.</summary>
public sealed record RemoteWriteLimits
{
    public static readonly RemoteWriteLimits Default = new();

    /// <summary>Largest accepted snappy-compressed body.</summary>
    public int MaxCompressedBytes { get; init; } = 32 << 20;

    /// <summary>Largest accepted decompressed (protobuf) body.</summary>
    public int MaxDecompressedBytes { get; init; } = 32 << 20;
}
