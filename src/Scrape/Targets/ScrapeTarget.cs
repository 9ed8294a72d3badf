using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Tsdb.Config;
using Tsdb.Storage;

namespace Tsdb.Scrape.Targets;

/// <summary>
/// A target to scrape: its full label set (with the <c>__</c> labels the URL is built from), what it
/// was discovered with, the URL, its interval/timeout (per-target via the relabeled
/// <c>__scrape_interval__</c>/<c>__scrape_timeout__</c>) and its identity hash (labels + URL, as
/// target.go hash()).
/// </summary>
internal sealed class ScrapeTarget
{
    public ScrapeTarget(string pool, Labels labels, Labels discovered, IReadOnlyList<KeyValuePair<string, Config.EquatableList<string>>> cfgParams)
    {
        Pool = pool;
        AllLabels = labels;
        Discovered = discovered;
        var pub = new List<Label>(labels.Count);
        foreach (var l in labels)
        {
            if (!l.Name.StartsWith(TargetLabelNames.ReservedPrefix, StringComparison.Ordinal))
            {
                pub.Add(l);
            }
        }

        Labels = Labels.FromUnsorted(pub);
        Interval = PromDuration.Parse(labels.Get(TargetLabelNames.ScrapeInterval));
        Timeout = PromDuration.Parse(labels.Get(TargetLabelNames.ScrapeTimeout));
        Url = BuildUrl(labels, cfgParams);
        Span<byte> buf = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(buf, labels.Hash);
        var h = new XxHash64();
        h.Append(buf);
        h.Append(Encoding.UTF8.GetBytes(Url));
        Hash = h.GetCurrentHashAsUInt64();
    }

    public string Pool { get; }

    public Labels AllLabels { get; }

    /// <summary>Labels without the <c>__</c> ones: added to every scraped sample.</summary>
    public Labels Labels { get; }

    public Labels Discovered { get; set; }

    public TimeSpan Interval { get; }

    public TimeSpan Timeout { get; }

    public string Url { get; }

    public ulong Hash { get; }

    /// <summary>target.go URL(): scheme://address path ? params, <c>__param_*</c> labels overriding the first value, keys sorted.</summary>
    private static string BuildUrl(Labels labels, IReadOnlyList<KeyValuePair<string, Config.EquatableList<string>>> cfgParams)
    {
        var ps = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (k, v) in cfgParams)
        {
            ps[k] = [.. v];
        }

        foreach (var l in labels)
        {
            if (!l.Name.StartsWith(TargetLabelNames.ParamPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var k = l.Name[TargetLabelNames.ParamPrefix.Length..];
            if (ps.TryGetValue(k, out var list) && list.Count > 0)
            {
                list[0] = l.Value;
            }
            else
            {
                ps[k] = [l.Value];
            }
        }

        var sb = new StringBuilder();
        sb.Append(labels.Get(TargetLabelNames.Scheme)).Append("://").Append(labels.Get(TargetLabelNames.Address)).Append(labels.Get(TargetLabelNames.MetricsPath));
        var first = true;
        foreach (var (k, values) in ps)
        {
            foreach (var v in values)
            {
                sb.Append(first ? '?' : '&').Append(QueryEscape(k)).Append('=').Append(QueryEscape(v));
                first = false;
            }
        }

        return sb.ToString();
    }

    // Go url.QueryEscape: space as '+', unreserved characters kept.
    private static string QueryEscape(string s) => Uri.EscapeDataString(s).Replace("%20", "+", StringComparison.Ordinal);

    /// <summary>
    /// target.go offset(): where in each interval this target is scraped, stable across restarts for
    /// the same seed, so scrapes are spread over the interval.
    /// </summary>
    public TimeSpan Offset(ulong seed)
    {
        var ticks = (ulong)Interval.Ticks;
        return ticks == 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)((Hash ^ seed) % ticks));
    }

    public override string ToString() => Url.ToString(CultureInfo.InvariantCulture);
}
