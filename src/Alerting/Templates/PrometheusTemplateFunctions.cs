using System.Globalization;
using Tsdb.Config;

namespace Tsdb.Alerting.Templates;

/// <summary>
/// Per-execution inputs of the Prometheus functions, passed as <c>state</c> to <see cref="GoTemplate.Execute"/>:
/// the instant-query function and the evaluation time (what <c>query</c> and <c>now</c> use). Lets one parsed
/// template serve every rule evaluation.
/// </summary>
public sealed record PrometheusTemplateState(Func<string, IReadOnlyList<TemplateSample>>? Query, DateTime Now);

/// <summary>
/// Prometheus's template functions (template/template.go, docs/configuration/template_reference.md), with
/// their exact output formats. Numeric arguments accept what Prometheus's convertToFloat accepts (numbers,
/// numeric strings, durations).
/// </summary>
public static class PrometheusTemplateFunctions
{
    private static readonly string[] BigPrefixes = ["k", "M", "G", "T", "P", "E", "Z", "Y"];
    private static readonly string[] SmallPrefixes = ["m", "u", "n", "p", "f", "a", "z", "y"];
    private static readonly string[] BinaryPrefixes = ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"];

    /// <summary>
    /// The function table. <paramref name="query"/> and <paramref name="now"/> are defaults that a
    /// <see cref="PrometheusTemplateState"/> passed at execution overrides; without either, <c>query</c> fails
    /// and <c>now</c> uses the wall clock.
    /// </summary>
    /// <param name="externalUrl">The server's external URL (<c>externalURL</c>, its path is <c>pathPrefix</c>).</param>
    public static TemplateFunctions Create(Func<string, IReadOnlyList<TemplateSample>>? query = null, string externalUrl = "", DateTime? now = null)
    {
        Func<string, IReadOnlyList<TemplateSample>>? QueryOf(ITemplateContext c) => (c.State as PrometheusTemplateState)?.Query ?? query;
        DateTime NowOf(ITemplateContext c) => (c.State as PrometheusTemplateState)?.Now ?? now ?? DateTime.UtcNow;
        var pathPrefix = Uri.TryCreate(externalUrl, UriKind.Absolute, out var uri) ? uri.AbsolutePath.TrimEnd('/') : "";
        if (pathPrefix.Length == 0 && externalUrl.StartsWith('/'))
        {
            pathPrefix = externalUrl;
        }

        return TemplateFunctions.From(
        [
            new("query", 1, 1, (c, a) => RunQuery(QueryOf(c), Args.String(a, 0))),
            new("first", 1, 1, static (_, a) => First(a[0])),
            new("label", 2, 2, static (_, a) => Sample(a, 1, "label").Labels.TryGetValue(Args.String(a, 0), out var v) ? v : ""),
            new("value", 1, 1, static (_, a) => Sample(a, 0, "value").Value),
            new("strvalue", 1, 1, static (_, a) => Sample(a, 0, "strvalue").Labels.TryGetValue("__value__", out var v) ? v : ""),
            new("sortByLabel", 2, 2, static (_, a) => SortByLabel(Args.String(a, 0), a[1])),
            new("args", 0, -1, static (_, a) => ArgsMap(a)),
            new("tmpl", 2, 2, static (c, a) => c.ExecuteTemplate(Args.String(a, 0), a[1])),
            new("safeHtml", 1, 1, static (_, a) => Args.String(a, 0)),
            new("match", 2, 2, static (_, a) => GoStrings.Regex(Args.String(a, 0)).IsMatch(Args.String(a, 1))),
            new("reReplaceAll", 3, 3, static (_, a) => GoStrings.ReplaceAll(Args.String(a, 0), Args.String(a, 1), Args.String(a, 2))),
            new("title", 1, 1, static (_, a) => GoStrings.Title(Args.String(a, 0))),
            new("toUpper", 1, 1, static (_, a) => Args.String(a, 0).ToUpperInvariant()),
            new("toLower", 1, 1, static (_, a) => Args.String(a, 0).ToLowerInvariant()),
            new("graphLink", 1, 1, static (_, a) => "/graph?g0.expr=" + GoEscape.QueryEscape(Args.String(a, 0)) + "&g0.tab=0"),
            new("tableLink", 1, 1, static (_, a) => "/graph?g0.expr=" + GoEscape.QueryEscape(Args.String(a, 0)) + "&g0.tab=1"),
            new("stripPort", 1, 1, static (_, a) => StripPort(Args.String(a, 0))),
            new("stripDomain", 1, 1, static (_, a) => StripDomain(Args.String(a, 0))),
            new("humanize", 1, 1, static (_, a) => Humanize(Args.Float(a, 0))),
            new("humanize1024", 1, 1, static (_, a) => Humanize1024(Args.Float(a, 0))),
            new("humanizeDuration", 1, 1, static (_, a) => HumanizeDuration(Args.Float(a, 0))),
            new("humanizePercentage", 1, 1, static (_, a) => GoFloat.FormatG(Args.Float(a, 0) * 100, 4) + "%"),
            new("humanizeTimestamp", 1, 1, static (_, a) => HumanizeTimestamp(Args.Float(a, 0))),
            new("toTime", 1, 1, static (_, a) => ToTime(Args.Float(a, 0))),
            new("toDuration", 1, 1, static (_, a) => ToDuration(Args.Float(a, 0))),
            new("now", 0, 0, (c, _) => (double)new DateTimeOffset(DateTime.SpecifyKind(NowOf(c), DateTimeKind.Utc)).ToUnixTimeMilliseconds() / 1000.0),
            new("pathPrefix", 0, 0, (_, _) => pathPrefix),
            new("externalURL", 0, 0, (_, _) => externalUrl),
            new("parseDuration", 1, 1, static (_, a) => ParseDuration(Args.String(a, 0))),
            new("urlQueryEscape", 1, 1, static (_, a) => GoEscape.QueryEscape(Args.String(a, 0))),
        ]);
    }

    private static object RunQuery(Func<string, IReadOnlyList<TemplateSample>>? query, string q)
    {
        if (query is null)
        {
            throw new InvalidOperationException("query function not available");
        }

        return new TemplateQueryResult(query(q));
    }

    private static TemplateSample Sample(object?[] a, int index, string fn) => a[index] switch
    {
        TemplateSample s => s,
        null => throw new InvalidOperationException("runtime error: invalid memory address or nil pointer dereference"),
        var v => throw new TemplateArgumentException("wrong type for value; expected *template.sample; got " + GoValues.TypeName(v)),
    };

    private static object First(object? v)
    {
        if (v is null || !GoValues.IsList(v))
        {
            throw new TemplateArgumentException("wrong type for value; expected template.queryResult; got " + GoValues.TypeName(v));
        }

        var list = GoValues.ToList(v);
        return list.Count > 0 ? list[0]! : throw new InvalidOperationException("first() called on vector with no elements");
    }

    private static object SortByLabel(string label, object? v)
    {
        if (v is null || !GoValues.IsList(v))
        {
            throw new TemplateArgumentException("wrong type for value; expected template.queryResult; got " + GoValues.TypeName(v));
        }

        // Stable, by label value (Go's sort.Stable with "<" on strings).
        return GoValues.ToList(v)
            .OrderBy(x => x is TemplateSample s && s.Labels.TryGetValue(label, out var l) ? l : "", StringComparer.Ordinal)
            .ToList() is var sorted ? new TemplateQueryResult(sorted) : null!;
    }

    private static Dictionary<string, object?> ArgsMap(object?[] a)
    {
        var m = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < a.Length; i++)
        {
            m["arg" + i.ToString(CultureInfo.InvariantCulture)] = a[i];
        }

        return m;
    }

    private static string StripPort(string hostPort) =>
        GoStrings.TrySplitHostPort(hostPort, out var host, out _) ? host : hostPort;

    private static string StripDomain(string hostPort)
    {
        if (!GoStrings.TrySplitHostPort(hostPort, out var host, out var port))
        {
            host = hostPort;
            port = "";
        }

        // IP addresses keep their dots.
        if (System.Net.IPAddress.TryParse(host, out _) && (host.Contains(':', StringComparison.Ordinal) || host.Count(ch => ch == '.') == 3))
        {
            return hostPort;
        }

        host = host.Split('.')[0];
        return port.Length > 0 ? GoStrings.JoinHostPort(host, port) : host;
    }

    /// <summary>SI prefixes, 4 significant digits: 1234567 → 1.235M, 0.0012 → 1.2m.</summary>
    public static string Humanize(double v)
    {
        if (v == 0 || !double.IsFinite(v))
        {
            return GoFloat.FormatG(v, 4);
        }

        var prefix = "";
        if (Math.Abs(v) >= 1)
        {
            foreach (var p in BigPrefixes)
            {
                if (Math.Abs(v) < 1000)
                {
                    break;
                }

                prefix = p;
                v /= 1000;
            }

            return GoFloat.FormatG(v, 4) + prefix;
        }

        foreach (var p in SmallPrefixes)
        {
            if (Math.Abs(v) >= 1)
            {
                break;
            }

            prefix = p;
            v *= 1000;
        }

        return GoFloat.FormatG(v, 4) + prefix;
    }

    /// <summary>Binary prefixes: 1048576 → 1Mi.</summary>
    public static string Humanize1024(double v)
    {
        if (Math.Abs(v) <= 1 || !double.IsFinite(v))
        {
            return GoFloat.FormatG(v, 4);
        }

        var prefix = "";
        foreach (var p in BinaryPrefixes)
        {
            if (Math.Abs(v) < 1024)
            {
                break;
            }

            prefix = p;
            v /= 1024;
        }

        return GoFloat.FormatG(v, 4) + prefix;
    }

    /// <summary>prometheus/common HumanizeDuration: 3600 → 1h 0m 0s, 1.5 → 1.5s, 0.5 → 500ms, -1 → -1s.</summary>
    public static string HumanizeDuration(double v)
    {
        if (!double.IsFinite(v))
        {
            return GoFloat.FormatG(v, 4);
        }

        if (v == 0)
        {
            return GoFloat.FormatG(v, 4) + "s";
        }

        if (Math.Abs(v) >= 1)
        {
            var sign = "";
            if (v < 0)
            {
                sign = "-";
                v = -v;
            }

            var duration = (long)v;
            var seconds = duration % 60;
            var minutes = duration / 60 % 60;
            var hours = duration / 60 / 60 % 24;
            var days = duration / 60 / 60 / 24;
            var inv = CultureInfo.InvariantCulture;
            if (days != 0)
            {
                return string.Create(inv, $"{sign}{days}d {hours}h {minutes}m {seconds}s");
            }

            if (hours != 0)
            {
                return string.Create(inv, $"{sign}{hours}h {minutes}m {seconds}s");
            }

            if (minutes != 0)
            {
                return string.Create(inv, $"{sign}{minutes}m {seconds}s");
            }

            return sign + GoFloat.FormatG(v, 4) + "s";
        }

        var prefix = "";
        foreach (var p in SmallPrefixes)
        {
            if (Math.Abs(v) >= 1)
            {
                break;
            }

            prefix = p;
            v *= 1000;
        }

        return GoFloat.FormatG(v, 4) + prefix + "s";
    }

    public static string HumanizeTimestamp(double v) =>
        double.IsFinite(v) ? GoTime.Format(new DateTimeOffset(ToTime(v), TimeSpan.Zero)) : GoFloat.FormatG(v, 4);

    /// <summary>Unix seconds to a UTC time truncated to milliseconds (Prometheus goes through model.Time).</summary>
    public static DateTime ToTime(double v)
    {
        if (!double.IsFinite(v))
        {
            throw new InvalidOperationException("value is NaN or Inf");
        }

        var nanos = v * 1e9;
        if (nanos > long.MaxValue || nanos < long.MinValue)
        {
            throw new InvalidOperationException(GoFormat.V(v) + " cannot be represented as a nanoseconds timestamp since it overflows int64");
        }

        var ms = (long)nanos / 1_000_000;
        return DateTime.UnixEpoch.AddTicks(ms * TimeSpan.TicksPerMillisecond);
    }

    public static TimeSpan ToDuration(double v)
    {
        if (!double.IsFinite(v))
        {
            throw new InvalidOperationException("value is NaN or Inf");
        }

        return TimeSpan.FromTicks((long)(v * 1e9) / 100);
    }

    private static double ParseDuration(string s)
    {
        if (s.Length == 0)
        {
            throw new FormatException("empty duration string");
        }

        return PromDuration.TryParse(s, out var d)
            ? d.Ticks / (double)TimeSpan.TicksPerSecond
            : throw new FormatException("not a valid duration string: " + GoFormat.Quote(s));
    }
}
