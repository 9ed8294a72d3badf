namespace Tsdb.Api.Http;

/// <summary>
/// Unexpected exceptions in /api/ handlers become Prometheus's 500 <c>internal</c> envelope (Grafana
/// reads every error as JSON, whatever the status) instead of an empty 500, and are logged.
/// </summary>
internal static class ApiErrorEnvelope
{
    public static async Task Middleware(HttpContext ctx, RequestDelegate next)
    {
        try
        {
            await next(ctx).ConfigureAwait(false);
        }
        catch (Exception e) when (!ctx.Response.HasStarted && ctx.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
                                  && e is not OperationCanceledException)
        {
            Console.Error.WriteLine($"level=error msg=\"internal error\" path={ctx.Request.Path} err=\"{e.Message}\"");
            ctx.Response.Clear();
            await ApiResponse.ErrorAsync(ctx.Response, "internal", e.Message).ConfigureAwait(false);
        }
    }
}
