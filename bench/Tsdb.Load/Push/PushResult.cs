namespace Tsdb.Load.Push;

/// <summary>What the timed push achieved. Only samples in 2xx requests count towards the rate.</summary>
internal sealed record PushResult(
    int Requests,
    int RequestsSent,
    long SamplesAccepted,
    long CompressedBytes,
    double Seconds,
    double ToolCpuSeconds,
    double SamplesPerSecond,
    double LatencyP50Ms,
    double LatencyP99Ms,
    double LatencyMaxMs,
    int Non2xx,
    int TransportErrors,
    Dictionary<string, int> StatusCounts,
    List<string> FirstErrors,
    bool Completed);
