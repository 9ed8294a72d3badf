using Tsdb.Storage;

namespace Tsdb.Scrape.Discovery;

/// <summary>
/// A set of targets sharing labels, from one source of one discovery mechanism (Prometheus's
/// targetgroup.Group). Each target is a label set holding at least <c>__address__</c>.
/// </summary>
public sealed record TargetGroup(string Source, IReadOnlyList<Labels> Targets, Labels Labels);
