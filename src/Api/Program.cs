using Tsdb.Alerting.RuleTests;
using Tsdb.Alerting.Rules;
using Tsdb.Api;
using Tsdb.Api.Commands;
using Tsdb.Api.Federation;
using Tsdb.Api.Import;
using Tsdb.Api.RemoteRead;
using Tsdb.Api.RemoteWrite;
using Tsdb.PromQL.PromqlTest;

// `tsdb promqltest FILE...` runs PromQL test scripts and exits before any web host starts.
if (args.Length > 0 && args[0] == "promqltest")
{
    return PromqlTestCommand.Run(args[1..], DefaultEngine.Create(), Console.Out, DefaultEngine.SelectorsOf);
}

if (args.Length > 1 && args[0] == "check" && args[1] == "config")
{
    return CheckConfigCommand.Run(args[2..], Console.Out, Console.Error);
}

if (args.Length > 1 && args[0] == "check" && args[1] == "rules")
{
    return CheckRulesCommand.Run(args[2..], Console.Out, Console.Error);
}

if (args.Length > 1 && args[0] == "test" && args[1] == "rules")
{
    return TestRulesCommand.Run(args[2..], Console.Out, Console.Error);
}

if (args.Length > 0 && args[0] == "import")
{
    return ImportCommand.Run(args[1..], Console.Out, Console.Error);
}

// Process-wide, so only the server process runs it (test hosts hold many servers in one process).
using var reclaimer = new Tsdb.Api.Host.HeapReclaimer();

// Routes that live outside the query API hook into the host here; they read the Db per request,
// which the host opens in the background (answering 503 until then).
return await TsdbHost.RunAsync(args,
[
    (app, server) => app.MapRemoteWrite(() => server.Db, server.Metadata),
    (app, server) => app.MapRemoteRead(() => server.Db, () => server.Config.Global.ExternalLabels),
    (app, server) => app.MapFederate(server, () => server.Config.Global.ExternalLabels),
    (app, server) => app.MapImport(() => server.Db),
    // Compiles the query path once the server is ready (not before: on 2 cores it would delay readiness by
    // about 200 ms), so the first dashboard after a start is not slow.
    (_, server) => server.Ready.ContinueWith(_ => Tsdb.Api.Host.QueryWarmup.Run(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default),
]).ConfigureAwait(false);
