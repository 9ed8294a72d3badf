using Microsoft.AspNetCore.Http.Features;
using Google.Protobuf;
using Tsdb.Storage;

namespace Tsdb.Api.RemoteWrite;

/// <summary>
/// Receives Prometheus remote write (<c>POST /api/v1/write</c>): snappy-compressed protobuf, 1.0
/// messages (and 2.0 where the Content-Type asks for it). Every valid sample is committed; the answer
/// is 204 only after the commit is durable, 400 (with the reasons) when any sample or series was
/// rejected, 415 for an unsupported content type or encoding, 500 when storage failed.
/// </summary>
public sealed partial class RemoteWriteHandler(MetadataStore metadata, RemoteWriteLimits? limits = null)
{
    private readonly RemoteWriteLimits _limits = limits ?? RemoteWriteLimits.Default;

    public MetadataStore Metadata { get; } = metadata;

    public async Task HandleAsync(HttpContext context, Db db)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(db);
        var ct = context.RequestAborted;
        try
        {
            var protocol = ContentNegotiation.Protocol(context.Request.ContentType);
            if (protocol == RemoteWriteProtocol.V2)
            {
                // 2.0 senders expect the written counts on every answer, failures included.
                SetWrittenHeaders(context.Response, 0, 0, 0);
            }

            ContentNegotiation.CheckEncoding(context.Request.Headers.ContentEncoding.ToString());
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            {
                // Our own limit decides (with a clear message), not the server's default of 30 MB. Kestrel
                // drains an unread body after the 400 only while it is under this cap, so allow twice the
                // limit: a sender slightly over gets its 400 instead of a connection reset mid-upload.
                bodySize.MaxRequestBodySize = 2L * _limits.MaxCompressedBytes + 1;
            }

            using var body = await RequestBody.ReadAsync(context.Request, _limits, ct).ConfigureAwait(false);
            var outcome = protocol switch
            {
                RemoteWriteProtocol.V1 => await WriteV1Async(body, db, ct).ConfigureAwait(false),
                _ => await WriteV2Async(ParseV2(body.Span), db, ct).ConfigureAwait(false),
            };

            if (protocol == RemoteWriteProtocol.V2)
            {
                SetWrittenHeaders(context.Response, outcome.Result?.Appended ?? 0, 0, 0);
            }

            if (outcome.Failed)
            {
                await RespondAsync(context, StatusCodes.Status400BadRequest, outcome.Message()).ConfigureAwait(false);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
        catch (RemoteWriteException e)
        {
            await RespondAsync(context, e.StatusCode, e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (BadHttpRequestException e)
        {
            // A malformed or over-long body: a retry cannot fix it.
            await RespondAsync(context, StatusCodes.Status400BadRequest, $"bad request body: {e.Message}").ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // Storage trouble: the sender should retry.
            await RespondAsync(context, StatusCodes.Status500InternalServerError, $"write failed: {e.Message}").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Commits (durable on return). When samples were rejected as out of order or duplicate, checks
    /// whether the request merely repeats stored data (a sender's retry), which is then accepted.
    /// </summary>
    private static async Task<WriteOutcome> CommitAsync<TSeries>(
        HeadAppender app, Db db, WriteOutcome outcome, List<(Labels Labels, TSeries Series)> written,
        Func<TSeries, IEnumerable<(long, double)>> samples, CancellationToken ct)
    {
        outcome.Result = await app.CommitAsync(ct).ConfigureAwait(false);
        CountSamples(outcome.Result);
        if (outcome.Result.OutOfOrder + outcome.Result.Duplicates > 0)
        {
            outcome.MissingAfterCommit = RetryCheck.MissingSamples(db, written, samples);
        }

        return outcome;
    }

    private static void CountSamples(AppendResult r)
    {
        Metrics.ServerMetrics.RemoteWriteSamplesReceived.Add(r.Appended);
        Reject(r.OutOfOrder, "out_of_order");
        Reject(r.Duplicates, "duplicate");
        Reject(r.OutOfBounds, "out_of_bounds");
        Reject(r.InvalidLabels, "invalid_labels");

        static void Reject(int n, string reason)
        {
            if (n > 0)
            {
                Metrics.ServerMetrics.RemoteWriteSamplesRejected.Add(n, new KeyValuePair<string, object?>("reason", reason));
            }
        }
    }

    private static async Task RespondAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message + "\n", context.RequestAborted).ConfigureAwait(false);
    }
}
