using Google.Protobuf;
using Tsdb.Api.RemoteRead.Proto;
using Tsdb.Storage;

namespace Tsdb.Api.RemoteRead;

public sealed partial class RemoteReadHandler
{
    /// <summary>
    /// STREAMED_XOR_CHUNKS: per query, per series (sorted by labels), frames of chunks. A series is
    /// split over several frames when its chunks pass <see cref="RemoteReadLimits.MaxBytesInFrame"/>
    /// (counting its labels once per frame, as codec.go StreamChunkedReadResponses does); a frame
    /// never holds two series. Each frame is flushed as soon as it is complete.
    /// </summary>
    private async Task StreamChunksAsync(HttpContext context, Db db, ReadRequest request, Matcher[][] matchers, Labels external)
    {
        var ct = context.RequestAborted;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = StreamedContentType;
        var output = context.Response.BodyWriter;
        for (var i = 0; i < request.Queries.Count; i++)
        {
            var query = request.Queries[i];
            using var querier = db.Querier(query.StartTimestampMs, query.EndTimestampMs);
            foreach (var series in querier.Select(matchers[i]))
            {
                var chunks = ReadChunks.Collect(series, query.StartTimestampMs, query.EndTimestampMs);
                if (chunks.Count == 0)
                {
                    continue;
                }

                var frame = NewFrame(i, series.Labels, external);
                var maxData = _limits.MaxBytesInFrame - frame.ChunkedSeries[0].Labels.CalculateSize(LabelsCodec);
                var left = maxData;
                for (var c = 0; c < chunks.Count; c++)
                {
                    var (meta, chunk) = chunks[c];
                    var pb = new Chunk
                    {
                        MinTimeMs = meta.MinTime,
                        MaxTimeMs = meta.MaxTime,
                        Type = Chunk.Types.Encoding.Xor,
                        Data = UnsafeByteOperations.UnsafeWrap(chunk.Bytes),
                    };
                    frame.ChunkedSeries[0].Chunks.Add(pb);
                    left -= pb.CalculateSize();
                    if (left > 0 && c + 1 < chunks.Count)
                    {
                        continue;
                    }

                    // Written while the querier still pins the blocks whose mapped bytes the frame wraps.
                    ChunkedFrameWriter.Write(output, frame);
                    await output.FlushAsync(ct).ConfigureAwait(false);
                    frame.ChunkedSeries[0].Chunks.Clear();
                    left = maxData;
                }
            }
        }
    }

    private static readonly FieldCodec<RemoteWrite.Proto.V1.Label> LabelsCodec =
        FieldCodec.ForMessage(10, RemoteWrite.Proto.V1.Label.Parser);

    private static ChunkedReadResponse NewFrame(int queryIndex, Labels labels, Labels external)
    {
        var series = new ChunkedSeries();
        ReadLabels.AddMerged(series.Labels, labels, external);
        var frame = new ChunkedReadResponse { QueryIndex = queryIndex };
        frame.ChunkedSeries.Add(series);
        return frame;
    }
}
