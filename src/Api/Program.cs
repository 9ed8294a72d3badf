using Tsdb.Api;

return await TsdbHost.RunAsync(args).ConfigureAwait(false);
