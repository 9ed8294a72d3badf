using System.Diagnostics;
using System.Globalization;

namespace Tsdb.Bench;

/// <summary>
/// Runs one <see cref="LoadQueryBenchmarks"/> case in a loop and prints min and median per run: a target for
/// dotnet-trace, and a steadier figure than a short BenchmarkDotNet job on a shared machine.
/// Run: dotnet run -c Release --project bench/Tsdb.Bench -- loop rate 200 [json] [c]
/// (c: workload c's head, 1,000 hosts x 1,000 series x 10 samples, about 1.5 GB, built once)
/// </summary>
internal static class QueryLoop
{
    public static void Run(string query, int runs, bool json, bool workloadC = false)
    {
        var bench = new LoadQueryBenchmarks { Query = query };
        if (workloadC)
        {
            var built = Stopwatch.GetTimestamp();
            bench.Setup(LoadShapedHead.Build(LoadShapedHead.C), LoadShapedHead.C);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"workload c head built in {Stopwatch.GetElapsedTime(built).TotalSeconds:F0} s"));
        }
        else
        {
            bench.Setup();
        }

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
