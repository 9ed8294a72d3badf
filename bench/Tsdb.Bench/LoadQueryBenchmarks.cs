using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Tsdb.Api.Http;
using Tsdb.PromQL;
using Tsdb.Storage;

namespace Tsdb.Bench;

/// <summary>
/// The end-to-end load tool's queries (bench/Tsdb.Load/Query/QuerySet.cs) over a head of the same shape
/// (<see cref="LoadShapedHead"/>): range queries over the 3 h window at a 45 s step (241 points), instant
/// queries at its end. <see cref="Evaluate"/> is the engine alone; <see cref="EvaluateAndWriteJson"/> adds the
/// HTTP API's JSON body, as /api/v1/query_range writes it.
/// Run: dotnet run -c Release --project bench/Tsdb.Bench -- --filter '*LoadQueryBenchmarks*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class LoadQueryBenchmarks
{
    internal static readonly Dictionary<string, (bool Range, string Expr)> Queries = new()
    {
        ["rate"] = (true, "rate(node_network_receive_bytes_total[5m])"),
        ["sum_by_job_rate"] = (true, "sum by (job) (rate(http_requests_total[5m]))"),
        ["histogram_quantile"] = (true, "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))"),
        ["topk"] = (true, "topk(5, rate(node_cpu_seconds_total{mode=\"user\"}[5m]))"),
        ["avg_over_time"] = (true, "avg_over_time(node_load1[5m])"),
        ["regex_matcher"] = (true, "rate(node_cpu_seconds_total{instance=~\"host-1.*\"}[5m])"),
        ["count_by_instance"] = (true, "count by (instance) ({job=~\".+\"})"),
        ["instant_sum_by_job"] = (false, "sum by (job) (rate(http_requests_total[5m]))"),
        ["instant_quantile_by_job"] = (false, "histogram_quantile(0.99, sum by (le, job) (rate(http_request_duration_seconds_bucket[5m])))"),
        ["instant_topk_cpu"] = (false, "topk(10, sum by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5m])))"),
        ["instant_count_all"] = (false, "count({job=~\".+\"})"),
    };

    private readonly PromQLEngine _engine = new(EngineOptions.Default);
    private readonly ArrayBufferWriter<byte> _body = new(1 << 21);
    // Built once per process: with --inProcess every benchmark case shares it instead of re-ingesting 7.2M samples.
    private static readonly Lazy<Head> SharedHead = new(LoadShapedHead.Build);
    private Head _head = null!;
    private LoadShapedHead.Shape _shape = LoadShapedHead.A;

    [ParamsSource(nameof(Names))]
    public string Query { get; set; } = "";

    public static IEnumerable<string> Names => Queries.Keys;

    [GlobalSetup]
    public void Setup() => _head = SharedHead.Value;

    /// <summary>Runs over another head (built by the caller, e.g. workload c's 1M series) with its shape's window and step.</summary>
    internal void Setup(Head head, LoadShapedHead.Shape shape) => (_head, _shape) = (head, shape);

    [Benchmark]
    public QueryValue Evaluate() => Run().Value;

    [Benchmark]
    public int EvaluateAndWriteJson()
    {
        var value = Run().Value;
        _body.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(_body))
        {
            ApiResponse.WriteQueryData(w, value);
        }

        return _body.WrittenCount;
    }

    private QueryResult Run()
    {
        var (range, expr) = Queries[Query];
        return range
            ? _engine.Range((mint, maxt) => new Querier([_head], mint, maxt), expr, _shape.StartMs, LoadShapedHead.EndMs, _shape.StepMs)
            : _engine.Instant((mint, maxt) => new Querier([_head], mint, maxt), expr, LoadShapedHead.EndMs);
    }
}
