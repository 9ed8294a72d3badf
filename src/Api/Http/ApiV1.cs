using System.Globalization;
using System.Text.Json;
using Tsdb.Alerting.Rules;
using Tsdb.Api.Host;
using Tsdb.PromQL;
using Tsdb.PromQL.Ast;
using Tsdb.PromQL.Parser;
using Tsdb.Storage;

namespace Tsdb.Api.Http;

/// <summary>Maps the Prometheus HTTP API v1 routes (query, metadata, status) onto the web application.</summary>
public static class ApiV1
{
    private const int MaxPoints = 11000;

    public static void Map(WebApplication app, TsdbServer server)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(server);
        Route(app, "/api/v1/query", (c, p) => Query(c, p, server));
        Route(app, "/api/v1/query_range", (c, p) => QueryRange(c, p, server));
        Route(app, "/api/v1/format_query", (c, p) => FormatQuery(c, p));
        Route(app, "/api/v1/parse_query", (c, p) =>
        {
            var expr = ParseQuery(p);
            return Ok(c, w => ParseQueryJson.Write(w, expr));
        });
        Route(app, "/api/v1/series", (c, p) => Series(c, p, server));
        Route(app, "/api/v1/labels", (c, p) => Labels(c, p, server, null));
        Route(app, "/api/v1/label/{name}/values", (c, p) => Labels(c, p, server, LabelNameEscaping.Unescape((string)c.Request.RouteValues["name"]!)));
        Route(app, "/api/v1/query_exemplars", (c, p) => Ok(c, w => { w.WriteStartArray(); w.WriteEndArray(); }));
        Route(app, "/api/v1/metadata", (c, p) => Metadata(c, p, server));
        Route(app, "/api/v1/status/config", (c, p) => Ok(c, w =>
        {
            w.WriteStartObject();
            w.WriteString("yaml", server.Config.MaskedText);
            w.WriteEndObject();
        }));
        Route(app, "/api/v1/rules", (c, p) => RulesAndTargetsApi.Rules(c, p, server));
        Route(app, "/api/v1/alerts", (c, p) => Ok(c, w => RulesApiJson.WriteAlerts(w, server.Rules?.Groups() ?? [])));
        Route(app, "/api/v1/targets", (c, p) => RulesAndTargetsApi.Targets(c, p, server));
        Route(app, "/api/v1/targets/metadata", (c, p) => RulesAndTargetsApi.TargetsMetadata(c, p, server));
        Route(app, "/api/v1/status/buildinfo", (c, p) => Ok(c, w =>
        {
            w.WriteStartObject();
            w.WriteString("version", TsdbServer.Version);
            w.WriteString("revision", "");
            w.WriteString("branch", "");
            w.WriteString("buildUser", "");
            w.WriteString("buildDate", "");
            w.WriteString("goVersion", "dotnet" + Environment.Version.ToString());
            w.WriteEndObject();
        }));
        Route(app, "/api/v1/status/flags", (c, p) => Ok(c, w =>
        {
            w.WriteStartObject();
            foreach (var kv in server.Flags.AsStrings())
            {
                w.WriteString(kv.Key, kv.Value);
            }

            w.WriteEndObject();
        }));
        Route(app, "/api/v1/status/runtimeinfo", (c, p) => Ok(c, w =>
        {
            w.WriteStartObject();
            w.WriteString("startTime", server.StartTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
            w.WriteString("CWD", Environment.CurrentDirectory);
            w.WriteString("hostname", Environment.MachineName);
            w.WriteString("serverTime", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
            w.WriteBoolean("reloadConfigSuccess", server.LastReloadSucceeded);
            w.WriteString("lastConfigTime", server.LastReloadTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
            w.WriteNumber("corruptionCount", 0);
            w.WriteNumber("goroutineCount", ThreadPool.ThreadCount);
            w.WriteNumber("GOMAXPROCS", Environment.ProcessorCount);
            w.WriteNumber("GOMEMLIMIT", long.MaxValue);
            w.WriteString("GOGC", "");
            w.WriteString("GODEBUG", "");
            w.WriteString("storageRetention", server.Flags.RetentionTimeText);
            w.WriteEndObject();
        }));
        Route(app, "/api/v1/status/tsdb", (c, p) => TsdbStatus(c, p, server));
        Route(app, "/api/v1/alertmanagers", (c, p) => Ok(c, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("activeAlertmanagers");
            foreach (var f in server.Notifications?.Forwarders ?? [])
            {
                w.WriteStartObject();
                w.WriteString("url", f.Url.ToString());
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("droppedAlertmanagers");
            w.WriteEndArray();
            w.WriteEndObject();
        }));
        app.Map("/api/v1/{**rest}", (HttpContext c) => ApiResponse.ErrorAsync(c.Response, "not_found", "404 page not found"));
    }

    private static void Route(WebApplication app, string pattern, Func<HttpContext, ApiParams, Task> handler)
    {
        app.MapMethods(pattern, ["GET", "POST"], async (HttpContext c) =>
        {
            try
            {
                var p = await ApiParams.ReadAsync(c.Request).ConfigureAwait(false);
                await handler(c, p).ConfigureAwait(false);
            }
            catch (ApiException e)
            {
                await ApiResponse.ErrorAsync(c.Response, e.ErrorType, e.Message).ConfigureAwait(false);
            }
            catch (PromQLException e)
            {
                var type = e.Type switch
                {
                    PromQLErrorType.BadData => "bad_data",
                    PromQLErrorType.Execution => "execution",
                    PromQLErrorType.Timeout => "timeout",
                    _ => "canceled",
                };
                await ApiResponse.ErrorAsync(c.Response, type, e.Message).ConfigureAwait(false);
            }
        });
    }

    internal static Task Ok(HttpContext c, Action<Utf8JsonWriter> data) => ApiResponse.SuccessAsync(c.Response, data);

    private static Expr ParseQuery(ApiParams p)
    {
        try
        {
            return PromQLParser.ParseExpr(p.Get("query") ?? "");
        }
        catch (PromQLException e)
        {
            throw ApiException.BadData("invalid parameter \"query\": " + e.Message);
        }
    }

    // The `timeout` parameter becomes the evaluation deadline (a timeout error, 503); a client that goes away cancels (499).
    private static TimeSpan? Timeout(ApiParams p)
    {
        var s = p.Get("timeout");
        return string.IsNullOrEmpty(s) ? null : TimeSpan.FromMilliseconds(Math.Max(0, ApiParams.ParseDuration("timeout", s)));
    }

    private static async Task Query(HttpContext c, ApiParams p, TsdbServer server)
    {
        var limit = p.Limit();
        var t = p.Time("time", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var timeout = Timeout(p);
        var query = p.Get("query") ?? "";
        ParseQuery(p);
        var db = server.Db!;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = server.Engine.Instant((mint, maxt) => db.Querier(mint, maxt), query, t, timeout, c.RequestAborted);
        Metrics.ServerMetrics.QueryDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("slice", "inner_eval"));
        await Respond(c, result, limit).ConfigureAwait(false);
    }

    private static async Task QueryRange(HttpContext c, ApiParams p, TsdbServer server)
    {
        var limit = p.Limit();
        var start = p.RequiredTime("start");
        var end = p.RequiredTime("end");
        if (end < start)
        {
            throw ApiException.BadData("end timestamp must not be before start time");
        }

        var step = ApiParams.ParseDuration("step", p.Get("step") ?? "");
        if (step <= 0)
        {
            throw ApiException.BadData("zero or negative query resolution step widths are not accepted. Try a positive integer");
        }

        if ((end - start) / step > MaxPoints)
        {
            throw ApiException.BadData("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        }

        var timeout = Timeout(p);
        var query = p.Get("query") ?? "";
        ParseQuery(p);
        var db = server.Db!;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = server.Engine.Range((mint, maxt) => db.Querier(mint, maxt), query, start, end, step, timeout, c.RequestAborted);
        Metrics.ServerMetrics.QueryDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("slice", "inner_eval"));
        await Respond(c, result, limit).ConfigureAwait(false);
    }

    // `limit` caps the series of vector and matrix results (scalars and strings are unaffected), with Prometheus's warning.
    private static Task Respond(HttpContext c, QueryResult result, int limit)
    {
        var value = result.Value;
        var warnings = result.Warnings;
        var truncated = (value, limit) switch
        {
            (VectorValue v, > 0) when v.Samples.Count > limit => new VectorValue(v.Samples.Take(limit).ToList()),
            (MatrixValue m, > 0) when m.Series.Count > limit => (QueryValue)new MatrixValue(m.Series.Take(limit).ToList()),
            _ => null,
        };
        if (truncated is not null)
        {
            value = truncated;
            warnings = [.. warnings, "results truncated due to limit"];
        }

        return ApiResponse.SuccessAsync(c.Response, w => ApiResponse.WriteQueryData(w, value), warnings, result.Infos);
    }

    // metric (optional) selects one family; limit (>= 0) caps families, limit_per_metric entries per family.
    private static Task Metadata(HttpContext c, ApiParams p, TsdbServer server)
    {
        var limit = ParseOptionalInt(p, "limit");
        // We keep one entry per metric, so any limit_per_metric (> 0 caps, <= 0 is unlimited) keeps it; it is still validated.
        _ = ParseOptionalInt(p, "limit_per_metric");
        var metric = p.Get("metric");
        var entries = server.Metadata.Snapshot().Where(e => string.IsNullOrEmpty(metric) || e.Key == metric).ToList();
        if (limit >= 0 && entries.Count > limit)
        {
            entries = entries.GetRange(0, limit);
        }

        return Ok(c, w =>
        {
            w.WriteStartObject();
            foreach (var (name, e) in entries)
            {
                w.WriteStartArray(name);
                w.WriteStartObject();
                w.WriteString("type", e.Type);
                w.WriteString("help", e.Help);
                w.WriteString("unit", e.Unit);
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteEndObject();
        });
    }

    // Prometheus reads these with strconv.Atoi; a negative value means "no limit".
    private static int ParseOptionalInt(ApiParams p, string name)
    {
        var s = p.Get(name);
        if (string.IsNullOrEmpty(s))
        {
            return -1;
        }

        return int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw ApiException.BadData($"{name} must be a number");
    }

    private static Task FormatQuery(HttpContext c, ApiParams p)
    {
        var text = PromQLPrinter.Print(ParseQuery(p));
        return Ok(c, w => w.WriteStringValue(text));
    }

    private static Task Series(HttpContext c, ApiParams p, TsdbServer server)
    {
        var limit = p.Limit();
        var start = p.Time("start", ApiParams.MinTime);
        var end = p.Time("end", ApiParams.MaxTime);
        var sets = p.Matchers();
        if (sets.Count == 0)
        {
            throw ApiException.BadData("no match[] parameter provided");
        }

        var all = new SortedSet<Labels>();
        using (var q = server.Db!.Querier(start, end))
        {
            foreach (var set in sets)
            {
                foreach (var s in q.Select(set))
                {
                    all.Add(s.Labels);
                }
            }
        }

        var warnings = new List<string>();
        var list = all.ToList();
        if (limit > 0 && list.Count > limit)
        {
            list = list.GetRange(0, limit);
            warnings.Add("results truncated due to limit");
        }

        return ApiResponse.SuccessAsync(c.Response, w =>
        {
            w.WriteStartArray();
            foreach (var l in list)
            {
                PromJson.WriteLabels(w, l);
            }

            w.WriteEndArray();
        }, warnings);
    }

    private static Task Labels(HttpContext c, ApiParams p, TsdbServer server, string? name)
    {
        var limit = p.Limit();
        var start = p.Time("start", ApiParams.MinTime);
        var end = p.Time("end", ApiParams.MaxTime);
        var sets = p.Matchers();
        var all = new SortedSet<string>(StringComparer.Ordinal);
        using (var q = server.Db!.Querier(start, end))
        {
            if (sets.Count == 0)
            {
                all.UnionWith(name is null ? q.LabelNames() : q.LabelValues(name));
            }

            foreach (var set in sets)
            {
                all.UnionWith(name is null ? q.LabelNames(set) : q.LabelValues(name, set));
            }
        }

        var warnings = new List<string>();
        var list = all.ToList();
        if (limit > 0 && list.Count > limit)
        {
            list = list.GetRange(0, limit);
            warnings.Add("results truncated due to limit");
        }

        return ApiResponse.SuccessAsync(c.Response, w =>
        {
            w.WriteStartArray();
            foreach (var v in list)
            {
                w.WriteStringValue(v);
            }

            w.WriteEndArray();
        }, warnings);
    }

    private static Task TsdbStatus(HttpContext c, ApiParams p, TsdbServer server)
    {
        var s = p.Get("limit");
        var limit = 10;
        if (!string.IsNullOrEmpty(s) && (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > 10000))
        {
            throw ApiException.BadData("limit must be a positive number");
        }

        var st = server.Db!.Head.Stats(limit);
        return Ok(c, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("headStats");
            w.WriteNumber("numSeries", st.NumSeries);
            w.WriteNumber("numLabelPairs", st.SeriesCountByLabelValuePair.Count);
            w.WriteNumber("chunkCount", st.NumChunks);
            w.WriteNumber("minTime", st.MinTime);
            w.WriteNumber("maxTime", st.MaxTime);
            w.WriteEndObject();
            Pairs(w, "seriesCountByMetricName", st.SeriesCountByMetricName);
            Pairs(w, "labelValueCountByLabelName", st.LabelValueCountByLabelName);
            Pairs(w, "memoryInBytesByLabelName", []);
            Pairs(w, "seriesCountByLabelValuePair", st.SeriesCountByLabelValuePair);
            w.WriteEndObject();
        });
    }

    private static void Pairs(Utf8JsonWriter w, string name, IReadOnlyList<(string Name, int Count)> list)
    {
        w.WriteStartArray(name);
        foreach (var (n, v) in list)
        {
            w.WriteStartObject();
            w.WriteString("name", n);
            w.WriteNumber("value", v);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
