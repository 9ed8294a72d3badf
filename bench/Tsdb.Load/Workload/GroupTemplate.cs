namespace Tsdb.Load.Workload;

/// <summary>Which job an instance's series belong to: the node exporter, or the application on the same host.</summary>
internal enum JobKind
{
    Node,
    App,
}

/// <summary>
/// One group of series an instance exposes: their labels (with <c>__name__</c>, without job and
/// instance) and how to make the group that generates their values.
/// </summary>
internal sealed record GroupTemplate(JobKind Job, IReadOnlyList<KeyValuePair<string, string>[]> Series, Func<Rng, SeriesGroup> Create);
