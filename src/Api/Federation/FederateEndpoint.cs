using System.Text;
using Tsdb.Api.Host;
using Tsdb.Api.Http;
using Tsdb.Api.RemoteRead;
using Tsdb.Storage;

namespace Tsdb.Api.Federation;

/// <summary>
/// <c>GET /federate?match[]=...</c> (web/federate.go): the latest sample within the lookback delta
/// of every series matching any selector, in the text exposition format 0.0.4, every family
/// untyped, sorted by metric name, with explicit timestamps. Staleness markers are left out (the
/// format cannot carry them), and the external labels are added to each series that lacks them,
/// <c>instance=""</c> included when no external <c>instance</c> is configured.
/// </summary>
public static class FederateEndpoint
{
    public const string Path = "/federate";
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <param name="externalLabels">The configured external labels, read per request; null for none.</param>
    public static void MapFederate(this WebApplication app, TsdbServer server, Func<Labels>? externalLabels = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(server);
        app.MapGet(Path, async context =>
        {
            var db = server.Db;
            if (db is null)
            {
                await PlainText.NotReadyAsync(context).ConfigureAwait(false);
                return;
            }

            List<IReadOnlyList<Matcher>> selectors;
            try
            {
                selectors = (await ApiParams.ReadAsync(context.Request).ConfigureAwait(false)).Matchers();
            }
            catch (ApiException e)
            {
                await PlainText.WriteAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
                return;
            }

            if (selectors.Count == 0)
            {
                await PlainText.WriteAsync(context, StatusCodes.Status400BadRequest, "no match[] parameter provided").ConfigureAwait(false);
                return;
            }

            var maxt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var latest = LatestSamples(db, selectors, maxt - server.Flags.LookbackDeltaMs, maxt);
            var body = Render(latest, externalLabels?.Invoke() ?? Labels.Empty);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = ContentType;
            await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// Per series matching any selector (each series once, in label order), its newest sample in
    /// [mint, maxt] unless that is a staleness marker.
    /// </summary>
    internal static List<(Labels Labels, long T, double V)> LatestSamples(Db db, List<IReadOnlyList<Matcher>> selectors, long mint, long maxt)
    {
        var seen = new HashSet<Labels>();
        var result = new List<(Labels Labels, long T, double V)>();
        ISampleIterator? it = null;
        using var querier = db.Querier(mint, maxt);
        foreach (var matchers in selectors)
        {
            foreach (var series in querier.Select(matchers))
            {
                if (!seen.Add(series.Labels))
                {
                    continue;
                }

                it = series.Iterator(it);
                var found = false;
                Sample last = default;
                while (it.Next() == SampleKind.Float)
                {
                    last = it.At();
                    found = true;
                }

                if (it.Error is { } e)
                {
                    throw new InvalidDataException($"reading series {series.Labels}: {e.Message}", e);
                }

                if (found && !StaleNaN.Is(last.V))
                {
                    result.Add((series.Labels, last.T, last.V));
                }
            }
        }

        // Label order first, then a stable sort by name: families group, series stay ordered within.
        result.Sort(static (a, b) => a.Labels.CompareTo(b.Labels));
        return [.. result.OrderBy(static s => s.Labels.MetricName, StringComparer.Ordinal)];
    }

    /// <summary>The text format 0.0.4: one <c># TYPE name untyped</c> line per metric name, then its samples.</summary>
    internal static string Render(List<(Labels Labels, long T, double V)> samples, Labels external)
    {
        // Not a Labels: that would drop the empty instance value Prometheus sends.
        var extra = new List<Label>(external.Count + 1);
        extra.AddRange(external.AsSpan());
        if (!external.Has("instance"))
        {
            extra.Add(new Label("instance", ""));
            extra.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        }

        var sb = new StringBuilder();
        string? family = null;
        foreach (var (labels, t, v) in samples)
        {
            var name = labels.MetricName;
            if (name.Length == 0)
            {
                // Prometheus skips nameless series too: the format has no place for them.
                continue;
            }

            if (name != family)
            {
                sb.Append("# TYPE ").Append(name).Append(" untyped\n");
                family = name;
            }

            sb.Append(name);
            var first = true;
            foreach (var l in labels)
            {
                if (l.Name != Label.MetricName)
                {
                    AppendLabel(sb, ref first, l.Name, l.Value);
                }
            }

            // Prometheus keeps an empty external value (instance="") but never adds a label a series has.
            foreach (var l in extra)
            {
                if (!labels.Has(l.Name))
                {
                    AppendLabel(sb, ref first, l.Name, l.Value);
                }
            }

            if (!first)
            {
                sb.Append('}');
            }

            sb.Append(' ');
            GoFloatText.Append(sb, v);
            sb.Append(' ').Append(t.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }

    private static void AppendLabel(StringBuilder sb, ref bool first, string name, string value)
    {
        sb.Append(first ? '{' : ',').Append(name).Append("=\"");
        first = false;
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => sb.Append("\\\\"),
                '"' => sb.Append("\\\""),
                '\n' => sb.Append("\\n"),
                _ => sb.Append(c),
            };
        }

        sb.Append('"');
    }
}
