using System.Globalization;
using System.Text.Json;
using Tsdb.Api.Http;
using Tsdb.PromQL;
using Tsdb.Storage;

namespace Tsdb.Api.Host;

/// <summary>
/// Compiles the query path before the first user query needs it: Grafana-style queries over a small private head,
/// answered into a discarded JSON writer.
/// </summary>
/// <remarks>
/// The server runs without tiered compilation (docs/decisions.md), so each method is compiled fully optimised on
/// its first call. On workload c of bench/compare.sh the first `rate` range query after start took 300-500 ms
/// against 50-70 ms for the next ones, nearly all of it compilation; the first dashboard a user opens after a
/// restart paid it. Compilation is per method, not per engine or head, so a private head and engine suffice and
/// the server's data is never touched.
/// </remarks>
internal static class QueryWarmup
{
    private const long Step = 15_000;
    private const int Samples = 80;

    /// <summary>Range and instant queries touching the common functions, aggregations, operators and matchers.</summary>
    public static IReadOnlyList<string> Queries { get; } =
    [
        "rate(requests_total[5m])",
        "irate(requests_total[5m])",
        "increase(requests_total[5m])",
        "sum by (job) (rate(requests_total[5m]))",
        "avg by (instance) (rate(requests_total{job=~\"a.*\"}[5m]))",
        "count by (instance) ({job=~\".+\"})",
        "max without (instance) (load1) - min(load1)",
        "histogram_quantile(0.9, sum by (le) (rate(duration_seconds_bucket[5m])))",
        "topk(3, rate(requests_total{instance!=\"i1\"}[5m]))",
        "bottomk(2, load1)",
        "avg_over_time(load1[5m])",
        "max_over_time(load1[5m]) > 0.5",
        "quantile_over_time(0.5, load1[5m] offset 1m)",
        "rate(requests_total[5m]) / on (instance) group_left sum by (instance) (rate(requests_total[5m]))",
        "sum(rate(requests_total[5m])) / sum(rate(requests_total[5m] offset 5m)) * 100",
        "label_replace(load1, \"host\", \"$1\", \"instance\", \"(.*)\")",
        "quantile(0.9, load1)",
        "absent(nonexistent)",
        "time() - load1",
        "sum(rate(requests_total[5m:1m]))",
    ];

    /// <summary>Runs every query once as a range and once as an instant query; returns how many answered.</summary>
    public static int Run()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / Step * Step;
        var start = now - (Samples * Step);
        using var head = new Storage.Head();
        Fill(head, start);
        var engine = new PromQLEngine(EngineOptions.Default);
        Querier Open(long mint, long maxt) => new([head], mint, maxt);
        var answered = 0;
        foreach (var q in Queries)
        {
            // One query's failure (a test catches any) must not keep the others from compiling their paths.
            try
            {
                answered += Answer(engine.Range(Open, q, start + (10 * Step), now, Step));
                answered += Answer(engine.Instant(Open, q, now));
            }
            catch (PromQLException)
            {
            }
        }

        return answered;
    }

    private static int Answer(QueryResult result)
    {
        using var w = new Utf8JsonWriter(Stream.Null);
        w.WriteStartObject();
        w.WritePropertyName("data");
        ApiResponse.WriteQueryData(w, result.Value);
        w.WriteEndObject();
        return 1;
    }

    private static void Fill(Storage.Head head, long start)
    {
        string[] le = ["0.1", "0.5", "1", "+Inf"];
        var app = head.Appender();
        for (var i = 0; i < 4; i++)
        {
            var instance = "i" + i.ToString(CultureInfo.InvariantCulture);
            var job = i % 2 == 0 ? "api" : "batch";
            var requests = Labels.FromStrings("__name__", "requests_total", "job", job, "instance", instance);
            var load = Labels.FromStrings("__name__", "load1", "job", job, "instance", instance);
            for (var s = 0; s < Samples; s++)
            {
                var t = start + (s * Step);
                app.Append(0, requests, t, (s % 50) * 7.5);
                app.Append(0, load, t, ((s * 37) % 100) / 100.0);
                for (var b = 0; b < le.Length; b++)
                {
                    var bucket = Labels.FromStrings("__name__", "duration_seconds_bucket", "job", job, "instance", instance, "le", le[b]);
                    app.Append(0, bucket, t, s * (b + 1));
                }
            }
        }

        app.Commit();
    }
}
