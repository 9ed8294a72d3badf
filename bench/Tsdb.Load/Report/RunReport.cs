using System.Text.Json.Serialization;
using Tsdb.Load.Push;
using Tsdb.Load.Query;

namespace Tsdb.Load.Report;

/// <summary>The workload as run, for the JSON report (a compare script lines runs up by these).</summary>
internal sealed record WorkloadReport(
    int Series,
    int SamplesPerSeries,
    long TotalSamples,
    int Instances,
    int MetricNames,
    int IntervalSeconds,
    string Shape,
    int SamplesPerRequest,
    int SamplesPerEntry,
    int Senders,
    ulong Seed,
    long StartUnixMs,
    long EndUnixMs,
    int Requests,
    long CompressedBytes,
    long UncompressedBytes,
    double EncodeSeconds);

/// <summary>Everything one invocation measured; written with <c>--json FILE</c>.</summary>
internal sealed record RunReport(
    string Label,
    string? WriteUrl,
    string QueryUrl,
    DateTimeOffset StartedUtc,
    WorkloadReport Workload,
    PushResult? Push,
    List<QueryResult>? Queries);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(RunReport))]
internal sealed partial class RunReportJsonContext : JsonSerializerContext;
