using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;
using Tsdb.Api.RemoteRead;
using Tsdb.Scrape.Parsing;
using Tsdb.Storage;

namespace Tsdb.Api.Import;

/// <summary>
/// <c>POST /api/v1/import/prometheus</c> (VictoriaMetrics's import endpoint): a body in the text
/// format 0.0.4, or OpenMetrics when the Content-Type says so, optionally gzip-compressed. Samples
/// without a timestamp get the arrival time. The whole body is parsed before anything is stored, so
/// a malformed body (400, naming the line) stores nothing. Then every sample is stored (see
/// <see cref="ImportStore"/>); 204 when all were, else 400 with the counts and the reasons.
/// </summary>
public static class ImportEndpoints
{
    public const string Path = "/api/v1/import/prometheus";

    /// <summary>Largest accepted body, after decompression.</summary>
    public const int MaxBodyBytes = 256 << 20;

    public static void MapImport(this WebApplication app, Func<Db?> db)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(db);
        app.MapPost(Path, async context =>
        {
            var current = db();
            if (current is null)
            {
                await PlainText.NotReadyAsync(context).ConfigureAwait(false);
                return;
            }

            var ct = context.RequestAborted;
            byte[] body;
            try
            {
                body = await ReadBodyAsync(context, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
            {
                await PlainText.WriteAsync(context, StatusCodes.Status400BadRequest, "bad request body: " + e.Message).ConfigureAwait(false);
                return;
            }

            // Like VictoriaMetrics, anything but OpenMetrics (even no Content-Type) is the text format.
            var format = ExpositionReader.FormatFromContentType(context.Request.ContentType) ?? ExpositionFormat.PrometheusText;
            var collected = new ImportCollector(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            try
            {
                ExpositionReader.Parse(body, format, collected);
            }
            catch (ExpositionFormatException e)
            {
                await PlainText.WriteAsync(context, StatusCodes.Status400BadRequest, ParseError(e)).ConfigureAwait(false);
                return;
            }

            ImportOutcome outcome;
            try
            {
                outcome = await ImportStore.StoreAsync(current, collected, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException or UnauthorizedAccessException)
            {
                await PlainText.WriteAsync(context, StatusCodes.Status500InternalServerError, "import failed: " + e.Message).ConfigureAwait(false);
                return;
            }

            if (outcome.Rejected > 0)
            {
                await PlainText.WriteAsync(context, StatusCodes.Status400BadRequest, outcome.Message()).ConfigureAwait(false);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
    }

    internal static string ParseError(ExpositionFormatException e) =>
        e.Line > 0 ? $"parse error at line {e.Line}, nothing imported: {e.Message}" : "parse error, nothing imported: " + e.Message;

    private static async Task<byte[]> ReadBodyAsync(HttpContext context, CancellationToken ct)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // Our own limit decides, after decompression, not the server's default of 30 MB.
            size.MaxRequestBodySize = null;
        }

        var encoding = context.Request.Headers.ContentEncoding.ToString().Trim();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"unsupported content encoding \"{encoding}\"; expected gzip or none");
        }

        var source = gzip ? new GZipStream(context.Request.Body, CompressionMode.Decompress, leaveOpen: true) : context.Request.Body;
        await using (source.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    throw new InvalidDataException($"body exceeds the limit of {MaxBodyBytes} bytes");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}
