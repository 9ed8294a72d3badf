using Tsdb.Api.Host;

namespace Tsdb.Api;

/// <summary>The `tsdb` process entry: parses flags (exit 2 on error, like kingpin), runs the server until SIGTERM/SIGINT.</summary>
public static class TsdbHost
{
    public static async Task<int> RunAsync(string[] args, IEnumerable<Action<WebApplication, TsdbServer>>? configure = null)
    {
        var (flags, error) = TsdbFlags.Parse(args);
        if (flags is null)
        {
            await Console.Error.WriteLineAsync("tsdb: error: " + error + ", try --help").ConfigureAwait(false);
            return 2;
        }

        if (flags.Help)
        {
            await Console.Out.WriteAsync(TsdbFlags.Usage()).ConfigureAwait(false);
            return 0;
        }

        if (flags.Version)
        {
            await Console.Out.WriteLineAsync("tsdb, version " + TsdbServer.Version + " (Prometheus-compatible)").ConfigureAwait(false);
            return 0;
        }

        TsdbServer server;
        try
        {
            server = await TsdbServer.StartAsync(flags, configure).ConfigureAwait(false);
        }
        catch (Tsdb.Config.ConfigException e)
        {
            await Console.Error.WriteLineAsync($"level=error msg=\"Error loading config\" file={flags.ConfigFile} err=\"{e.Describe()}\"").ConfigureAwait(false);
            return 1;
        }
        catch (IOException e)
        {
            // Typically the listen address is in use.
            await Console.Error.WriteLineAsync($"level=error msg=\"Error starting web server\" err=\"{e.Message}\"").ConfigureAwait(false);
            return 1;
        }

        await server.WaitForShutdownAsync().ConfigureAwait(false);
        return server.Ready.IsFaulted ? 1 : 0;
    }
}
