using Tsdb.Scrape.Config;
using Tsdb.Storage;

namespace Tsdb.Scrape.Discovery;

/// <summary>static_configs as target groups; the source is the entry's index, as in Prometheus.</summary>
internal static class StaticDiscovery
{
    public static IReadOnlyList<TargetGroup> Groups(IReadOnlyList<StaticConfig> configs)
    {
        var result = new List<TargetGroup>(configs.Count);
        for (var i = 0; i < configs.Count; i++)
        {
            result.Add(ToGroup(configs[i], i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return result;
    }

    public static TargetGroup ToGroup(StaticConfig c, string source)
    {
        var targets = new List<Labels>(c.Targets.Count);
        foreach (var t in c.Targets)
        {
            targets.Add(Labels.FromStrings(TargetLabelNames.Address, t));
        }

        return new TargetGroup(source, targets, Labels.FromUnsorted(c.Labels.Select(kv => new Label(kv.Key, kv.Value))));
    }
}
