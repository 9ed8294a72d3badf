using Google.Protobuf;
using Snappier;
using Tsdb.Api.RemoteWrite.Proto.V1;

namespace Tsdb.Api.Tests.RemoteWrite;

/// <summary>Client side for tests: builds 1.0 WriteRequests and encodes them as a sender would.</summary>
internal static class RemoteWriteEncoder
{
    public const string V1ContentType = "application/x-protobuf";

    public static TimeSeries Series(string[] nameValues, params (long T, double V)[] samples)
    {
        var ts = new TimeSeries();
        for (var i = 0; i < nameValues.Length; i += 2)
        {
            ts.Labels.Add(new Label { Name = nameValues[i], Value = nameValues[i + 1] });
        }

        foreach (var (t, v) in samples)
        {
            ts.Samples.Add(new Sample { Timestamp = t, Value = v });
        }

        return ts;
    }

    public static WriteRequest Request(params TimeSeries[] series)
    {
        var req = new WriteRequest();
        req.Timeseries.AddRange(series);
        return req;
    }

    public static byte[] Encode(IMessage message) => Snappy.CompressToArray(message.ToByteArray());

    public static ByteArrayContent Content(byte[] body, string? contentType = V1ContentType, string? encoding = "snappy")
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }

        content.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        return content;
    }

    public static ByteArrayContent Content(IMessage message, string? contentType = V1ContentType) =>
        Content(Encode(message), contentType);
}
