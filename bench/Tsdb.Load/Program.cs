using System.Diagnostics;
using System.Text.Json;
using Tsdb.Load.Cli;
using Tsdb.Load.Compare;
using Tsdb.Load.Push;
using Tsdb.Load.Query;
using Tsdb.Load.Report;
using Tsdb.Load.Workload;

namespace Tsdb.Load;

public static class Program
{
    private const string Usage = """
        Tsdb.Load: end-to-end remote-write load and Grafana-style queries against a Prometheus-compatible server.

          Tsdb.Load push  --url http://127.0.0.1:PORT/api/v1/write [workload options] [--queries] [query options]
          Tsdb.Load query --query-url http://127.0.0.1:PORT [workload options] [query options]
          Tsdb.Load compare DIR   (the Markdown table over the runs bench/compare.sh wrote under DIR)

        workload (push and query must agree; pass the same --end to both):
          --series N (10000)  --samples N per series (720)  --instances N (100)  --interval SECONDS (15)
          --seed N (1)  --end UNIX_SECONDS (now, rounded down to the interval)
          --shape per-sample|per-series (per-sample)  --samples-per-request N (2000)  --samples-per-entry N (60, per-series)
          --senders N concurrent HTTP/1.1 connections (4)
        queries:
          --query-url URL (the --url's scheme://host:port)  --runs K per query (5)  --nocache (VictoriaMetrics: bypass its cache)
        limits and output:
          --max-seconds N per phase (600)  --request-timeout N (60)  --label NAME  --json FILE
        Only loopback URLs are accepted. Exit code 0: all requests 2xx and all queries answered; 1: otherwise; 2: usage.
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args is ["help"] or ["--help"] or ["-h"])
        {
            Console.WriteLine(Usage);
            return 0;
        }

        if (args is ["compare", var root])
        {
            return CompareCommand.Run(root, Console.Out, Console.Error);
        }

        LoadOptions options;
        try
        {
            options = OptionParser.Parse(args);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message + Environment.NewLine + Environment.NewLine + Usage).ConfigureAwait(false);
            return 2;
        }

        var startedUtc = DateTimeOffset.UtcNow;
        var spec = options.Spec;
        var progress = Console.Error;
        var clock = Stopwatch.StartNew();
        var set = SeriesSet.Build(spec);
        List<EncodedRequest>[] queues = [];
        if (options.Command == LoadCommand.Push)
        {
            await progress.WriteLineAsync($"encoding {spec.TotalSamples} samples of {set.Count} series...").ConfigureAwait(false);
            queues = RequestEncoder.Encode(spec, set);
        }

        var workload = Describe(spec, set, queues, clock.Elapsed.TotalSeconds);
        PushResult? push = null;
        if (options.Command == LoadCommand.Push)
        {
            await progress.WriteLineAsync($"pushing {workload.Requests} requests to {options.WriteUrl} with {spec.Senders} senders...").ConfigureAwait(false);
            push = await new PushRunner(options.WriteUrl, options.MaxSeconds, options.RequestTimeoutSeconds).RunAsync(queues, progress).ConfigureAwait(false);
            queues = [];
        }

        List<QueryResult>? queries = null;
        if (options.RunQueries)
        {
            await progress.WriteLineAsync($"querying {options.QueryUrl} ({options.Runs} runs each)...").ConfigureAwait(false);
            queries = await new QueryRunner(options.QueryUrl, options.Runs, options.MaxSeconds, options.RequestTimeoutSeconds, options.NoCache)
                .RunAsync(spec, progress).ConfigureAwait(false);
        }

        var report = new RunReport(options.Label, push is null ? null : options.WriteUrl.ToString(), options.QueryUrl.ToString(), startedUtc, workload, push, queries);
        TextReport.Write(Console.Out, report);
        if (options.JsonFile is { } file)
        {
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(report, RunReportJsonContext.Default.RunReport)).ConfigureAwait(false);
        }

        var pushOk = push is null || (push.Completed && push.Non2xx == 0 && push.TransportErrors == 0);
        var queriesOk = queries is null || queries.All(q => q.Errors == 0 && q.Runs == options.Runs);
        return pushOk && queriesOk ? 0 : 1;
    }

    private static WorkloadReport Describe(WorkloadSpec spec, SeriesSet set, List<EncodedRequest>[] queues, double encodeSeconds) =>
        new(
            spec.Series,
            spec.SamplesPerSeries,
            spec.TotalSamples,
            Math.Min(spec.Instances, spec.Series),
            set.MetricNames,
            spec.IntervalSeconds,
            spec.Shape == RequestShape.PerSample ? "per-sample" : "per-series",
            spec.SamplesPerRequest,
            spec.SamplesPerEntry,
            spec.Senders,
            spec.Seed,
            spec.StartMs,
            spec.EndMs,
            queues.Sum(q => q.Count),
            queues.Sum(q => q.Sum(r => (long)r.Body.Length)),
            queues.Sum(q => q.Sum(r => (long)r.UncompressedBytes)),
            encodeSeconds);
}
