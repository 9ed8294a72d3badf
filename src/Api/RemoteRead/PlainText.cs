namespace Tsdb.Api.RemoteRead;

/// <summary>
/// Plain-text answers as Go's <c>http.Error</c> writes them (remote read, federation and import
/// answer errors this way, not with the JSON envelope of the query API).
/// </summary>
internal static class PlainText
{
    public static async Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message + "\n", context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>503 while the Db is still opening; senders retry.</summary>
    public static Task NotReadyAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "storage is not ready");
}
