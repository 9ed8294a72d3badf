using BenchmarkDotNet.Running;

namespace Tsdb.Bench;

public static class Program
{
    // Run: dotnet run -c Release --project bench/Tsdb.Bench -- --filter '*'
    // CI smoke: --job dry --inProcess
    // Bytes/sample on disk: disk [series] [jitterMs]
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "disk")
        {
            DiskUsageReport.Run(
                args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000,
                args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
