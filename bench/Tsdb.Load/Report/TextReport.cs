using Tsdb.Load.Push;
using Tsdb.Load.Query;
using static Tsdb.Load.Report.Invariant;

namespace Tsdb.Load.Report;

/// <summary>The human-readable tables.</summary>
internal static class TextReport
{
    public static void Write(TextWriter output, RunReport report)
    {
        var w = report.Workload;
        output.WriteLine(Inv($"== {report.Label}: {w.Series} series x {w.SamplesPerSeries} samples = {w.TotalSamples} samples, {w.Instances} instances, {w.MetricNames} metric names"));
        output.WriteLine(Inv($"   window {DateTimeOffset.FromUnixTimeMilliseconds(w.StartUnixMs):u} .. {DateTimeOffset.FromUnixTimeMilliseconds(w.EndUnixMs):u}"));
        if (report.Push is { } push)
        {
            output.WriteLine(Inv($"   {w.Shape}, {w.Senders} senders, {w.Requests} requests, {w.CompressedBytes / 1e6:F1} MB snappy ({w.UncompressedBytes / 1e6:F1} MB raw), encoded in {w.EncodeSeconds:F1}s"));
            WritePush(output, push);
        }

        if (report.Queries is { } queries)
        {
            WriteQueries(output, queries);
        }
    }

    private static void WritePush(TextWriter output, PushResult push)
    {
        output.WriteLine();
        output.WriteLine("push");
        output.WriteLine(Inv($"  samples/s         {push.SamplesPerSecond,14:N0}"));
        output.WriteLine(Inv($"  accepted samples  {push.SamplesAccepted,14:N0}"));
        output.WriteLine(Inv($"  seconds           {push.Seconds,14:F2}"));
        output.WriteLine(Inv($"  load tool CPU s   {push.ToolCpuSeconds,14:F2}  (shares the machine with the server)"));
        output.WriteLine(Inv($"  requests sent     {push.RequestsSent,14:N0} of {push.Requests:N0}{(push.Completed ? "" : "  (INCOMPLETE: time limit or server gone)")}"));
        output.WriteLine(Inv($"  latency p50 / p99 / max  {push.LatencyP50Ms:F2} / {push.LatencyP99Ms:F2} / {push.LatencyMaxMs:F2} ms"));
        output.WriteLine(Inv($"  non-2xx {push.Non2xx}, transport errors {push.TransportErrors}, status {string.Join(", ", push.StatusCounts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}x{p.Value}"))}"));
        foreach (var error in push.FirstErrors)
        {
            output.WriteLine("  error: " + error);
        }
    }

    private static void WriteQueries(TextWriter output, List<QueryResult> queries)
    {
        output.WriteLine();
        output.WriteLine(Inv($"{"query",-26} {"kind",-7} {"median ms",10} {"min ms",9} {"max ms",9} {"series",7} {"points",9} errors"));
        foreach (var q in queries)
        {
            output.WriteLine(Inv($"{q.Name,-26} {q.Kind,-7} {q.MedianMs,10:F1} {q.MinMs,9:F1} {q.MaxMs,9:F1} {q.Series,7} {q.Points,9} {q.Errors}"));
            if (q.Error is not null)
            {
                output.WriteLine("  error: " + q.Error);
            }
        }
    }
}
