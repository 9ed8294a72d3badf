using System.Diagnostics;
using Microsoft.AspNetCore.Routing;

namespace Tsdb.Api.Metrics;

/// <summary>Counts every HTTP request by handler (the route pattern, as Prometheus labels its handlers) and code, and times it.</summary>
internal static class HttpInstrumentation
{
    public static async Task Middleware(HttpContext ctx, RequestDelegate next)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await next(ctx).ConfigureAwait(false);
        }
        finally
        {
            var handler = (ctx.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "other";
            if (handler.Length > 0 && handler[0] != '/')
            {
                handler = "/" + handler;
            }

            var code = ctx.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            ServerMetrics.HttpRequests.Add(1, new KeyValuePair<string, object?>("handler", handler), new KeyValuePair<string, object?>("code", code));
            ServerMetrics.HttpRequestDuration.Record(Stopwatch.GetElapsedTime(start).TotalSeconds, new KeyValuePair<string, object?>("handler", handler));
        }
    }
}
