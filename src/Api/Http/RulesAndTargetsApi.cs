using System.Text.Json;
using Tsdb.Alerting.Rules;
using Tsdb.Api.Host;
using Tsdb.Config;
using Tsdb.PromQL.Parser;
using Tsdb.Storage;

namespace Tsdb.Api.Http;

/// <summary>/api/v1/rules, /api/v1/targets and /api/v1/targets/metadata over the rule and scrape managers, in Prometheus's shapes.</summary>
internal static class RulesAndTargetsApi
{
    public static Task Rules(HttpContext c, ApiParams p, TsdbServer server)
    {
        var type = p.Get("type");
        if (!string.IsNullOrEmpty(type) && type is not ("alert" or "record"))
        {
            throw ApiException.BadData($"unsupported type {type}");
        }

        // Grafana also sends the Mimir spellings without [].
        var filter = new RulesFilter(
            string.IsNullOrEmpty(type) ? null : type,
            Names(p, "rule_name"),
            Names(p, "rule_group"),
            Names(p, "file"),
            p.Get("exclude_alerts") is "true" or "1");
        var groups = server.Rules?.Groups() ?? [];
        return ApiV1.Ok(c, w => RulesApiJson.WriteRules(w, groups, filter));
    }

    public static Task Targets(HttpContext c, ApiParams p, TsdbServer server)
    {
        // An unknown state selects neither list, as in Prometheus.
        var state = (p.Get("state") ?? "").ToLowerInvariant();
        var pool = p.Get("scrapePool");
        var active = state is "" or "any" or "active"
            ? (server.Scrape?.ActiveTargets() ?? []).Where(t => string.IsNullOrEmpty(pool) || t.ScrapePool == pool).ToList()
            : [];
        var allDropped = server.Scrape?.DroppedTargets() ?? [];
        var dropped = state is "" or "any" or "dropped"
            ? allDropped.Where(t => string.IsNullOrEmpty(pool) || t.ScrapePool == pool).ToList()
            : [];
        return ApiV1.Ok(c, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("activeTargets");
            foreach (var t in active)
            {
                w.WriteStartObject();
                w.WritePropertyName("discoveredLabels");
                PromJson.WriteLabels(w, t.DiscoveredLabels);
                w.WritePropertyName("labels");
                PromJson.WriteLabels(w, t.Labels);
                w.WriteString("scrapePool", t.ScrapePool);
                w.WriteString("scrapeUrl", t.ScrapeUrl);
                w.WriteString("globalUrl", t.GlobalUrl);
                w.WriteString("lastError", t.LastError);
                w.WriteString("lastScrape", t.LastScrape is { } ls ? RulesApiJson.FormatTime(ls.UtcDateTime) : "0001-01-01T00:00:00Z");
                w.WriteNumber("lastScrapeDuration", t.LastScrapeDuration.TotalSeconds);
                w.WriteString("health", t.HealthText);
                w.WriteString("scrapeInterval", PromDuration.Format(t.ScrapeInterval));
                w.WriteString("scrapeTimeout", PromDuration.Format(t.ScrapeTimeout));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("droppedTargets");
            foreach (var t in dropped)
            {
                w.WriteStartObject();
                w.WritePropertyName("discoveredLabels");
                PromJson.WriteLabels(w, t.DiscoveredLabels);
                w.WriteString("scrapePool", t.ScrapePool);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("droppedTargetCounts");
            foreach (var g in allDropped.GroupBy(t => t.ScrapePool).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(g.Key, g.Count());
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    public static Task TargetsMetadata(HttpContext c, ApiParams p, TsdbServer server)
    {
        var limit = p.Limit();
        var metric = p.Get("metric");
        IReadOnlyList<Matcher>? matchers = null;
        if (p.Get("match_target") is { Length: > 0 } selector)
        {
            try
            {
                matchers = PromQLParser.ParseMetricSelector(selector);
            }
            catch (Tsdb.PromQL.PromQLException e)
            {
                throw ApiException.BadData("invalid parameter \"match_target\": " + e.Message);
            }
        }

        var rows = new List<(Labels Target, Tsdb.Scrape.Targets.TargetMetadata Meta)>();
        foreach (var set in server.Scrape?.TargetsMetadata() ?? [])
        {
            if (matchers is not null && !matchers.All(m => m.Matches(set.TargetLabels.Get(m.Name))))
            {
                continue;
            }

            rows.AddRange(set.Metadata.Where(m => string.IsNullOrEmpty(metric) || m.Metric == metric).Select(m => (set.TargetLabels, m)));
        }

        if (limit > 0 && rows.Count > limit)
        {
            rows = rows.GetRange(0, limit);
        }

        return ApiV1.Ok(c, w =>
        {
            w.WriteStartArray();
            foreach (var (target, m) in rows)
            {
                w.WriteStartObject();
                w.WritePropertyName("target");
                PromJson.WriteLabels(w, target);
                w.WriteString("metric", m.Metric);
                w.WriteString("type", m.Type);
                w.WriteString("help", m.Help);
                w.WriteString("unit", m.Unit);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private static IReadOnlyCollection<string>? Names(ApiParams p, string name)
    {
        var values = p.All(name + "[]").Concat(p.All(name)).ToList();
        return values.Count == 0 ? null : values;
    }
}
