using System.Text.Json;
using Tsdb.Api.Host;
using Tsdb.PromQL;
using Tsdb.PromQL.Parser;
using Tsdb.Storage;

namespace Tsdb.Api.Http;

/// <summary>
/// The TSDB admin API (Prometheus web/api/v1/api.go deleteSeries, cleanTombstones, snapshot), POST or
/// PUT only, and only with <c>--web.enable-admin-api</c>; otherwise every call answers 503 with
/// errorType "unavailable" as Prometheus does.
/// </summary>
public static class AdminApi
{
    private const string Prefix = "/api/v1/admin/tsdb/";

    public static void Map(WebApplication app, TsdbServer server)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(server);
        Route(app, server, "delete_series", DeleteSeries);
        Route(app, server, "clean_tombstones", CleanTombstones);
        Route(app, server, "snapshot", Snapshot);
    }

    private static void Route(WebApplication app, TsdbServer server, string name, Func<HttpContext, ApiParams, Db, Task> handler)
    {
        app.MapMethods(Prefix + name, ["POST", "PUT"], async (HttpContext c) =>
        {
            if (!server.Flags.EnableAdminApi)
            {
                await UnavailableAsync(c.Response, "admin APIs disabled").ConfigureAwait(false);
                return;
            }

            if (server.Db is not { } db)
            {
                await UnavailableAsync(c.Response, "TSDB not ready").ConfigureAwait(false);
                return;
            }

            try
            {
                var p = await ApiParams.ReadAsync(c.Request).ConfigureAwait(false);
                await handler(c, p, db).ConfigureAwait(false);
            }
            catch (ApiException e)
            {
                await ApiResponse.ErrorAsync(c.Response, e.ErrorType, e.Message).ConfigureAwait(false);
            }
        });
    }

    private static async Task DeleteSeries(HttpContext c, ApiParams p, Db db)
    {
        var selectors = p.All("match[]");
        if (selectors.Count == 0)
        {
            throw ApiException.BadData("no match[] parameter provided");
        }

        var start = p.Time("start", ApiParams.MinTime);
        var end = p.Time("end", ApiParams.MaxTime);
        // All selectors are parsed before anything is deleted, so a bad one deletes nothing.
        var sets = new List<Matcher[]>(selectors.Count);
        foreach (var s in selectors)
        {
            sets.Add(ParseSelector(s));
        }

        await Blocking(() =>
        {
            foreach (var matchers in sets)
            {
                db.Delete(start, end, matchers);
            }
        }).ConfigureAwait(false);
        c.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task CleanTombstones(HttpContext c, ApiParams p, Db db)
    {
        await Blocking(() => db.CleanTombstones()).ConfigureAwait(false);
        c.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task Snapshot(HttpContext c, ApiParams p, Db db)
    {
        var skipHead = false;
        var s = p.Get("skip_head");
        if (!string.IsNullOrEmpty(s) && !TryParseGoBool(s, out skipHead))
        {
            throw ApiException.BadData($"invalid parameter \"skip_head\": unable to parse boolean: strconv.ParseBool: parsing \"{s}\": invalid syntax");
        }

        string name;
        try
        {
            name = await Blocking(() => db.Snapshot(withHead: !skipHead)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ApiException("internal", "create snapshot: " + e.Message);
        }

        await ApiResponse.SuccessAsync(c.Response, w =>
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static Matcher[] ParseSelector(string s)
    {
        IReadOnlyList<Matcher> matchers;
        try
        {
            matchers = PromQLParser.ParseMetricSelector(s);
        }
        catch (PromQLException e)
        {
            throw ApiException.BadData("invalid parameter \"match[]\": " + e.Message);
        }

        if (matchers.All(m => m.MatchesEmpty))
        {
            throw ApiException.BadData("invalid parameter \"match[]\": vector selector must contain at least one non-empty matcher");
        }

        return [.. matchers];
    }

    /// <summary>Go's strconv.ParseBool spellings.</summary>
    private static bool TryParseGoBool(string s, out bool value)
    {
        switch (s)
        {
            case "1" or "t" or "T" or "true" or "TRUE" or "True":
                value = true;
                return true;
            case "0" or "f" or "F" or "false" or "FALSE" or "False":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>
    /// Deletion, rewriting and snapshots do blocking file I/O and may wait for the compaction lock
    /// (held while a head persistence waits for readers): a dedicated thread keeps that off the pool.
    /// </summary>
    private static Task<T> Blocking<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static Task Blocking(Action work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>The error envelope with HTTP 503 (api.go maps errorUnavailable to 503; ApiException's table has no entry for it).</summary>
    private static async Task UnavailableAsync(HttpResponse response, string message)
    {
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(response.BodyWriter);
        w.WriteStartObject();
        w.WriteString("status", "error");
        w.WriteString("errorType", "unavailable");
        w.WriteString("error", message);
        w.WriteEndObject();
        await w.FlushAsync().ConfigureAwait(false);
    }
}
