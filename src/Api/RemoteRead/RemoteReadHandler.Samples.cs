using Google.Protobuf;
using Snappier;
using Tsdb.Api.RemoteRead.Proto;
using Tsdb.Api.RemoteWrite;
using Tsdb.Api.RemoteWrite.Proto.V1;
using Tsdb.Storage;

namespace Tsdb.Api.RemoteRead;

public sealed partial class RemoteReadHandler
{
    /// <summary>SAMPLES: every query's series with their raw samples, in one snappy-compressed message.</summary>
    private async Task WriteSamplesAsync(HttpContext context, Db db, ReadRequest request, Matcher[][] matchers, Labels external)
    {
        var response = new ReadResponse();
        ISampleIterator? it = null;
        for (var i = 0; i < request.Queries.Count; i++)
        {
            var query = request.Queries[i];
            var result = new QueryResult();
            var samples = 0L;
            using (var querier = db.Querier(query.StartTimestampMs, query.EndTimestampMs))
            {
                foreach (var series in querier.Select(matchers[i]))
                {
                    var ts = new TimeSeries();
                    ReadLabels.AddMerged(ts.Labels, series.Labels, external);
                    it = series.Iterator(it);
                    while (it.Next() == SampleKind.Float)
                    {
                        if (_limits.SampleLimit > 0 && ++samples > _limits.SampleLimit)
                        {
                            throw new RemoteWriteException(StatusCodes.Status400BadRequest, $"exceeded sample limit ({_limits.SampleLimit})");
                        }

                        var s = it.At();
                        ts.Samples.Add(new RemoteWrite.Proto.V1.Sample { Timestamp = s.T, Value = s.V });
                    }

                    if (it.Error is { } e)
                    {
                        throw new InvalidDataException($"reading series {series.Labels}: {e.Message}", e);
                    }

                    result.Timeseries.Add(ts);
                }
            }

            response.Results.Add(result);
        }

        var compressed = Snappy.CompressToArray(response.ToByteArray());
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = SamplesContentType;
        context.Response.Headers.ContentEncoding = "snappy";
        context.Response.ContentLength = compressed.Length;
        await context.Response.Body.WriteAsync(compressed, context.RequestAborted).ConfigureAwait(false);
    }
}
