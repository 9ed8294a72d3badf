using Tsdb.Config;
using Tsdb.Scrape.Config;
using Tsdb.Scrape.Relabel;
using Tsdb.Storage;

namespace Tsdb.Scrape.Targets;

/// <summary>The outcome of labeling one discovered target (target.go PopulateLabels).</summary>
internal readonly record struct TargetLabelsResult(Labels Labels, Labels Discovered, string? Error)
{
    /// <summary>Dropped by relabeling (or invalid): empty <see cref="Labels"/>.</summary>
    public bool Dropped => Labels.Count == 0;
}

/// <summary>
/// Builds a target's label set as Prometheus 3 does (scrape/target.go PopulateDiscoveredLabels and
/// PopulateLabels): target labels over group labels, then job, interval, timeout, path, scheme and
/// the first value of each param where not already set; then relabel_configs; then validation of
/// the address, interval and timeout; then <c>__meta_*</c> removed and <c>instance</c> defaulted.
/// The result still carries the other <c>__</c> labels, which the scrape needs to build the URL.
/// </summary>
internal static class TargetBuilder
{
    public static Labels Discovered(ScrapeConfig cfg, Labels target, Labels group)
    {
        var lb = new List<Label>(target.Count + group.Count + 8);
        foreach (var l in target)
        {
            lb.Add(l);
        }

        foreach (var l in group)
        {
            if (!target.Has(l.Name))
            {
                lb.Add(l);
            }
        }

        SetIfAbsent(lb, TargetLabelNames.Job, cfg.JobName);
        SetIfAbsent(lb, TargetLabelNames.ScrapeInterval, PromDuration.Format(cfg.ScrapeInterval));
        SetIfAbsent(lb, TargetLabelNames.ScrapeTimeout, PromDuration.Format(cfg.ScrapeTimeout));
        SetIfAbsent(lb, TargetLabelNames.MetricsPath, cfg.MetricsPath);
        SetIfAbsent(lb, TargetLabelNames.Scheme, cfg.Scheme);
        foreach (var (name, values) in cfg.Params)
        {
            if (values.Count > 0)
            {
                SetIfAbsent(lb, TargetLabelNames.ParamPrefix + name, values[0]);
            }
        }

        return Labels.FromUnsorted(lb);
    }

    public static TargetLabelsResult Populate(ScrapeConfig cfg, Labels target, Labels group)
    {
        var discovered = Discovered(cfg, target, group);
        var lb = new List<Label>(discovered.Count + 2);
        foreach (var l in discovered)
        {
            lb.Add(l);
        }

        if (!Relabeler.Process(lb, cfg.RelabelConfigs))
        {
            return new(Labels.Empty, discovered, null);
        }

        var addr = Relabeler.Get(lb, TargetLabelNames.Address);
        if (addr.Length == 0)
        {
            return new(Labels.Empty, Labels.Empty, "no address");
        }

        if (addr.Contains('/', StringComparison.Ordinal))
        {
            return new(Labels.Empty, Labels.Empty, $"\"{addr}\" is not a valid hostname");
        }

        var interval = Relabeler.Get(lb, TargetLabelNames.ScrapeInterval);
        if (!PromDuration.TryParse(interval, out var iv))
        {
            return new(Labels.Empty, Labels.Empty, $"error parsing scrape interval: not a valid duration string: \"{interval}\"");
        }

        if (iv == TimeSpan.Zero)
        {
            return new(Labels.Empty, Labels.Empty, "scrape interval cannot be 0");
        }

        var timeout = Relabeler.Get(lb, TargetLabelNames.ScrapeTimeout);
        if (!PromDuration.TryParse(timeout, out var to))
        {
            return new(Labels.Empty, Labels.Empty, $"error parsing scrape timeout: not a valid duration string: \"{timeout}\"");
        }

        if (to == TimeSpan.Zero)
        {
            return new(Labels.Empty, Labels.Empty, "scrape timeout cannot be 0");
        }

        if (to > iv)
        {
            return new(Labels.Empty, Labels.Empty, $"scrape timeout cannot be greater than scrape interval (\"{timeout}\" > \"{interval}\")");
        }

        lb.RemoveAll(static l => l.Name.StartsWith(TargetLabelNames.MetaPrefix, StringComparison.Ordinal));
        if (Relabeler.Get(lb, TargetLabelNames.Instance).Length == 0)
        {
            lb.Add(new Label(TargetLabelNames.Instance, addr));
        }

        return new(Labels.FromUnsorted(lb), discovered, null);
    }

    private static void SetIfAbsent(List<Label> lb, string name, string value)
    {
        if (Relabeler.Get(lb, name).Length == 0)
        {
            Relabeler.Set(lb, name, value);
        }
    }
}
