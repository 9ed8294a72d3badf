using Tsdb.Api;
using Tsdb.PromQL.PromqlTest;

// `tsdb promqltest FILE...` runs PromQL test scripts and exits before any web host starts.
if (args.Length > 0 && args[0] == "promqltest")
{
    return PromqlTestCommand.Run(args[1..], DefaultEngine.Create(), Console.Out, DefaultEngine.SelectorsOf);
}

return await TsdbHost.RunAsync(args).ConfigureAwait(false);
