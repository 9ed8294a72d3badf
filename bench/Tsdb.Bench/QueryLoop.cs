using System.Diagnostics;
using System.Globalization;

namespace Tsdb.Bench;

/// <summary>
/// Runs one <see cref="LoadQueryBenchmarks"/> case in a loop and prints min and median per run: a target for
/// dotnet-trace, and a steadier figure than a short BenchmarkDotNet job on a shared machine.
/// Run: dotnet run -c Release --project bench/Tsdb.Bench -- loop rate 200 [json]
/// </summary>
internal static class QueryLoop
{
    public static void Run(string query, int runs, bool json)
    {
        var bench = new LoadQueryBenchmarks { Query = query };
        bench.Setup();
        var times = new double[runs];
        var gcs = GC.CollectionCount(0);
        var paused = GC.GetTotalPauseDuration();
        var allocated = GC.GetTotalAllocatedBytes();
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            _ = json ? bench.EvaluateAndWriteJson() : (object)bench.Evaluate();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        var gcText = string.Create(CultureInfo.InvariantCulture,
            $"{GC.CollectionCount(0) - gcs} GCs, {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds / runs:F2} ms paused and {(GC.GetTotalAllocatedBytes() - allocated) / runs / 1024} KB allocated per run");
        Array.Sort(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{query}{(json ? " +json" : "")}: min {times[0]:F2} ms, median {times[runs / 2]:F2} ms over {runs} runs; {gcText}"));
    }
}
