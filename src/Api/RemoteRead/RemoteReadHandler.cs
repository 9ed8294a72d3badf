using Google.Protobuf;
using Tsdb.Api.RemoteRead.Proto;
using Tsdb.Api.RemoteWrite;
using Tsdb.Storage;

namespace Tsdb.Api.RemoteRead;

/// <summary>
/// Answers Prometheus remote read (<c>POST /api/v1/read</c>, storage/remote/read_handler.go): a
/// snappy-compressed <c>ReadRequest</c>; the first accepted response type wins (none listed means
/// SAMPLES). SAMPLES is one snappy-compressed <c>ReadResponse</c>; STREAMED_XOR_CHUNKS is a stream
/// of framed <c>ChunkedReadResponse</c> messages, one series at a time in label order, written as
/// they are produced. Undecodable bodies, bad matchers, no supported response type and the sample
/// limit answer 400; storage failures 500.
/// </summary>
public sealed partial class RemoteReadHandler : IDisposable
{
    public const string SamplesContentType = "application/x-protobuf";
    public const string StreamedContentType = "application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse";

    private readonly RemoteReadLimits _limits;
    private readonly Func<Labels>? _externalLabels;
    private readonly SemaphoreSlim _gate;

    /// <param name="externalLabels">The configured external labels (read per request, so a config
    /// reload takes effect); null for none.</param>
    public RemoteReadHandler(RemoteReadLimits? limits = null, Func<Labels>? externalLabels = null)
    {
        _limits = limits ?? RemoteReadLimits.Default;
        _externalLabels = externalLabels;
        _gate = new SemaphoreSlim(Math.Max(1, _limits.ConcurrencyLimit));
    }

    public async Task HandleAsync(HttpContext context, Db db)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(db);
        var ct = context.RequestAborted;
        try
        {
            await _gate.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            ReadRequest request;
            using (var body = await RequestBody.ReadAsync(context.Request, RemoteWriteLimits.Default, ct).ConfigureAwait(false))
            {
                request = Parse(body.Span);
            }

            var responseType = Negotiate(request.AcceptedResponseTypes);
            var external = _externalLabels?.Invoke() ?? Labels.Empty;

            // All matchers are checked before anything is written, so a bad one still gets a 400.
            var matchers = new Matcher[request.Queries.Count][];
            for (var i = 0; i < matchers.Length; i++)
            {
                matchers[i] = ReadQueryMatchers.Convert(request.Queries[i].Matchers, external);
            }

            if (responseType == ReadRequest.Types.ResponseType.StreamedXorChunks)
            {
                await StreamChunksAsync(context, db, request, matchers, external).ConfigureAwait(false);
            }
            else
            {
                await WriteSamplesAsync(context, db, request, matchers, external).ConfigureAwait(false);
            }
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
            await RespondAsync(context, StatusCodes.Status400BadRequest, $"bad request body: {e.Message}").ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or ObjectDisposedException)
        {
            await RespondAsync(context, StatusCodes.Status500InternalServerError, $"remote read failed: {e.Message}").ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static ReadRequest Parse(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return ReadRequest.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RemoteWriteException(StatusCodes.Status400BadRequest, $"protobuf decode error: {e.Message}");
        }
    }

    /// <summary>The first accepted type this server implements; none listed means SAMPLES (codec.go NegotiateResponseType).</summary>
    private static ReadRequest.Types.ResponseType Negotiate(IReadOnlyList<ReadRequest.Types.ResponseType> accepted)
    {
        if (accepted.Count == 0)
        {
            return ReadRequest.Types.ResponseType.Samples;
        }

        foreach (var t in accepted)
        {
            if (t is ReadRequest.Types.ResponseType.Samples or ReadRequest.Types.ResponseType.StreamedXorChunks)
            {
                return t;
            }
        }

        throw new RemoteWriteException(StatusCodes.Status400BadRequest,
            $"server does not support any of the requested response types: [{string.Join(' ', accepted)}]; supported: [SAMPLES STREAMED_XOR_CHUNKS]");
    }

    private static async Task RespondAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            // Mid-stream: a status can no longer be sent, so cut the connection; the client sees a
            // truncated stream instead of a silently short answer.
            context.Abort();
            return;
        }

        context.Response.Headers.ContentEncoding = default;
        await PlainText.WriteAsync(context, status, message).ConfigureAwait(false);
    }
}
