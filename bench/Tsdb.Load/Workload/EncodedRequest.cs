namespace Tsdb.Load.Workload;

/// <summary>A snappy-compressed WriteRequest ready to send, and how many samples it carries.</summary>
internal sealed record EncodedRequest(byte[] Body, int Samples, int UncompressedBytes);
