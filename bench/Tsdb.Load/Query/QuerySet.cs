namespace Tsdb.Load.Query;

/// <summary>
/// The fixed Grafana-style queries. They read the series every workload has (the catalog puts
/// them first for each instance), so every system answers all of them.
/// </summary>
internal static class QuerySet
{
    /// <summary>About this many points per range query, as a dashboard panel a few hundred pixels wide asks for.</summary>
    public const int RangePoints = 240;

    public static IReadOnlyList<QueryDefinition> All { get; } =
    [
        new("rate", true, "rate(node_network_receive_bytes_total[5m])"),
        new("sum_by_job_rate", true, "sum by (job) (rate(http_requests_total[5m]))"),
        new("histogram_quantile", true, "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))"),
        new("topk", true, "topk(5, rate(node_cpu_seconds_total{mode=\"user\"}[5m]))"),
        new("avg_over_time", true, "avg_over_time(node_load1[5m])"),
        new("regex_matcher", true, "rate(node_cpu_seconds_total{instance=~\"host-1.*\"}[5m])"),
        new("count_by_instance", true, "count by (instance) ({job=~\".+\"})"),
        new("instant_sum_by_job", false, "sum by (job) (rate(http_requests_total[5m]))"),
        new("instant_quantile_by_job", false, "histogram_quantile(0.99, sum by (le, job) (rate(http_request_duration_seconds_bucket[5m])))"),
        new("instant_topk_cpu", false, "topk(10, sum by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5m])))"),
        new("instant_count_all", false, "count({job=~\".+\"})"),
    ];
}
