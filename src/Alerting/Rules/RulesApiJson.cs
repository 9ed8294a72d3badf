using System.Globalization;
using System.Text.Json;
using Tsdb.Storage;

namespace Tsdb.Alerting.Rules;

/// <summary>Filters of <c>GET /api/v1/rules</c>. <see cref="Type"/> is null, "alert" or "record".</summary>
public sealed record RulesFilter(
    string? Type = null,
    IReadOnlyCollection<string>? RuleNames = null,
    IReadOnlyCollection<string>? RuleGroups = null,
    IReadOnlyCollection<string>? Files = null,
    bool ExcludeAlerts = false);

/// <summary>
/// The <c>data</c> objects of <c>/api/v1/rules</c> and <c>/api/v1/alerts</c> in Prometheus's shape
/// (web/api/v1/api.go): times RFC 3339, durations float seconds, alert values Go 'e' format.
/// </summary>
public static class RulesApiJson
{
    /// <summary>Writes <c>{"groups":[...]}</c>. Throws <see cref="ArgumentException"/> for an unknown <see cref="RulesFilter.Type"/>.</summary>
    public static void WriteRules(Utf8JsonWriter w, IReadOnlyList<RuleGroupSnapshot> groups, RulesFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(groups);
        filter ??= new RulesFilter();
        var (alerts, records) = filter.Type switch
        {
            null or "" => (true, true),
            "alert" => (true, false),
            "record" => (false, true),
            _ => throw new ArgumentException($"unsupported type {filter.Type}", nameof(filter)),
        };
        var ruleFiltered = !(alerts && records) || filter.RuleNames is { Count: > 0 };
        w.WriteStartObject();
        w.WriteStartArray("groups");
        foreach (var g in groups)
        {
            if ((filter.RuleGroups is { Count: > 0 } rg && !rg.Contains(g.Name)) || (filter.Files is { Count: > 0 } fs && !fs.Contains(g.File)))
            {
                continue;
            }

            var selected = new List<RuleSnapshot>();
            foreach (var r in g.Rules)
            {
                if ((r.IsAlerting ? alerts : records) && (filter.RuleNames is not { Count: > 0 } rn || rn.Contains(r.Name)))
                {
                    selected.Add(r);
                }
            }

            if (ruleFiltered && selected.Count == 0)
            {
                continue;
            }

            w.WriteStartObject();
            w.WriteString("name", g.Name);
            w.WriteString("file", g.File);
            w.WriteStartArray("rules");
            foreach (var r in selected)
            {
                WriteRule(w, r, filter.ExcludeAlerts);
            }

            w.WriteEndArray();
            w.WriteNumber("interval", g.Interval.TotalSeconds);
            w.WriteNumber("limit", g.Limit);
            w.WriteNumber("evaluationTime", g.EvaluationTime.TotalSeconds);
            w.WriteString("lastEvaluation", FormatTime(g.LastEvaluation));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes <c>{"alerts":[...]}</c>: every pending and firing alert of every alerting rule.</summary>
    public static void WriteAlerts(Utf8JsonWriter w, IReadOnlyList<RuleGroupSnapshot> groups)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(groups);
        w.WriteStartObject();
        w.WriteStartArray("alerts");
        foreach (var g in groups)
        {
            foreach (var r in g.Rules)
            {
                foreach (var a in r.Alerts)
                {
                    WriteAlert(w, a);
                }
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter w, RuleSnapshot r, bool excludeAlerts)
    {
        w.WriteStartObject();
        if (r.IsAlerting)
        {
            w.WriteString("state", r.State.Name());
        }

        w.WriteString("name", r.Name);
        w.WriteString("query", r.Query);
        if (r.IsAlerting)
        {
            w.WriteNumber("duration", r.For.TotalSeconds);
            w.WriteNumber("keepFiringFor", r.KeepFiringFor.TotalSeconds);
            WriteLabels(w, "labels", r.Labels);
            WriteLabels(w, "annotations", r.Annotations);
            if (excludeAlerts)
            {
                w.WriteNull("alerts");
            }
            else
            {
                w.WriteStartArray("alerts");
                foreach (var a in r.Alerts)
                {
                    WriteAlert(w, a);
                }

                w.WriteEndArray();
            }
        }
        else
        {
            WriteLabels(w, "labels", r.Labels);
        }

        w.WriteString("health", r.Health.Name());
        if (!string.IsNullOrEmpty(r.LastError))
        {
            w.WriteString("lastError", r.LastError);
        }

        w.WriteNumber("evaluationTime", r.EvaluationTime.TotalSeconds);
        w.WriteString("lastEvaluation", FormatTime(r.LastEvaluation));
        w.WriteString("type", r.IsAlerting ? "alerting" : "recording");
        w.WriteEndObject();
    }

    private static void WriteAlert(Utf8JsonWriter w, AlertSnapshot a)
    {
        w.WriteStartObject();
        WriteLabels(w, "labels", a.Labels);
        WriteLabels(w, "annotations", a.Annotations);
        w.WriteString("state", a.State.Name());
        if (a.ActiveAt != default)
        {
            w.WriteString("activeAt", FormatTime(a.ActiveAt));
        }

        if (a.KeepFiringSince != default)
        {
            w.WriteString("keepFiringSince", FormatTime(a.KeepFiringSince));
        }

        w.WriteString("value", GoFloat.FormatE(a.Value));
        w.WriteEndObject();
    }

    private static void WriteLabels(Utf8JsonWriter w, string name, Labels labels)
    {
        w.WriteStartObject(name);
        foreach (var l in labels)
        {
            w.WriteString(l.Name, l.Value);
        }

        w.WriteEndObject();
    }

    /// <summary>Go's time.Time JSON (RFC 3339 with trailing-zero-trimmed fraction); the zero time is <c>0001-01-01T00:00:00Z</c>.</summary>
    public static string FormatTime(DateTime t)
    {
        if (t == default)
        {
            return "0001-01-01T00:00:00Z";
        }

        t = t.ToUniversalTime();
        var s = t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var frac = t.Ticks % TimeSpan.TicksPerSecond;
        if (frac != 0)
        {
            s += "." + frac.ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0');
        }

        return s + "Z";
    }
}
