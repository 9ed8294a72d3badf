using Tsdb.Api;
using Tsdb.Api.Commands;
using Tsdb.Api.RemoteWrite;
using Tsdb.PromQL.PromqlTest;

// `tsdb promqltest FILE...` runs PromQL test scripts and exits before any web host starts.
if (args.Length > 0 && args[0] == "promqltest")
{
    return PromqlTestCommand.Run(args[1..], DefaultEngine.Create(), Console.Out, DefaultEngine.SelectorsOf);
}

// Routes that live outside the query API hook into the host here: remote write reads the Db per
// request, which the host opens in the background (it answers 503 until then).
if (args.Length > 1 && args[0] == "check" && args[1] == "config")
{
    return CheckConfigCommand.Run(args[2..], Console.Out, Console.Error);
}

return await TsdbHost.RunAsync(args, [(app, server) => app.MapRemoteWrite(() => server.Db, server.Metadata)]).ConfigureAwait(false);
