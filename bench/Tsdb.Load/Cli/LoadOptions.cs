using Tsdb.Load.Workload;

namespace Tsdb.Load.Cli;

/// <summary>What to run: push (optionally followed by the queries) or only the queries.</summary>
internal enum LoadCommand
{
    Push,
    Query,
}

/// <summary>The parsed command line.</summary>
internal sealed record LoadOptions(
    LoadCommand Command,
    WorkloadSpec Spec,
    Uri WriteUrl,
    Uri QueryUrl,
    bool RunQueries,
    int Runs,
    int MaxSeconds,
    int RequestTimeoutSeconds,
    bool NoCache,
    string Label,
    string? JsonFile);
