using BenchmarkDotNet.Running;

namespace Tsdb.Bench;

public static class Program
{
    // Run: dotnet run -c Release --project bench/Tsdb.Bench -- --filter '*'
    // CI smoke: --job dry --inProcess
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
