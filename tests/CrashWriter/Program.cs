namespace Tsdb.CrashWriter;

/// <summary>
/// Child process for crash-consistency tests: it writes until the test kills it with SIGKILL, and
/// prints one line per acknowledged unit of work so the test knows what must survive.
/// Usage: <c>Tsdb.CrashWriter &lt;mode&gt; &lt;dir&gt; [options]</c>. One mode per file; add new ones to the switch.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length < 2)
        {
            return Usage();
        }

        return args[0] switch
        {
            "wal" => WalMode.Run(args[1], args[2..]),
            "db" => DbMode.Run(args[1]),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: Tsdb.CrashWriter wal <dir> [--segment-size <bytes>] [--writers <n>] | db <dir>");
        return 2;
    }
}
