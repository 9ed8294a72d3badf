using BenchmarkDotNet.Running;

namespace Tsdb.Bench;

public static class Program
{
    // Run: dotnet run -c Release --project bench/Tsdb.Bench -- --filter '*'
    // CI smoke: --job dry --inProcess
    // Bytes/sample on disk: disk [series] [jitterMs]
    // One query in a loop (for profiling): loop <LoadQueryBenchmarks query> <runs> [json] [c]
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "disk")
        {
            DiskUsageReport.Run(
                args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000,
                args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0);
            return;
        }

        if (args.Length > 2 && args[0] == "loop")
        {
            QueryLoop.Run(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args.Contains("json"), args.Contains("c"));
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
