using Tsdb.Storage;

namespace Tsdb.Alerting.Notify;

/// <summary>The alerts of one route with the same group labels (Alertmanager's aggrGroup).</summary>
internal sealed class AggregationGroup(RouteConfig route, Labels groupLabels)
{
    public RouteConfig Route { get; } = route;

    public Labels GroupLabels { get; } = groupLabels;

    /// <summary>dispatch.go's GroupKey: <c>&lt;route key&gt;:&lt;group labels&gt;</c>, e.g. <c>{}:{alertname="X"}</c>.</summary>
    public string Key { get; } = route.Key + ":" + groupLabels;

    public Dictionary<ulong, StoredAlert> Alerts { get; } = [];

    /// <summary>Set after the first flush; before it a new alert whose group_wait is already over flushes at once.</summary>
    public bool HasFlushed { get; set; }

    public ITimer? Timer { get; set; }

    public bool Removed { get; set; }
}
