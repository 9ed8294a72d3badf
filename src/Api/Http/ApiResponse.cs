using System.Text.Json;
using Tsdb.PromQL;

namespace Tsdb.Api.Http;

/// <summary>Writes the Prometheus v1 envelope straight to the response body with Utf8JsonWriter.</summary>
public static class ApiResponse
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task SuccessAsync(HttpResponse response, Action<Utf8JsonWriter> writeData, IReadOnlyList<string>? warnings = null, IReadOnlyList<string>? infos = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(writeData);
        response.StatusCode = 200;
        response.ContentType = "application/json";
        await using (var w = new Utf8JsonWriter(response.BodyWriter, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("status", "success");
            w.WritePropertyName("data");
            writeData(w);
            WriteStrings(w, "warnings", warnings);
            WriteStrings(w, "infos", infos);
            w.WriteEndObject();
            await w.FlushAsync().ConfigureAwait(false);
        }
    }

    public static async Task ErrorAsync(HttpResponse response, string errorType, string message)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = ApiException.StatusOf(errorType);
        response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(response.BodyWriter, WriterOptions);
        w.WriteStartObject();
        w.WriteString("status", "error");
        w.WriteString("errorType", errorType);
        w.WriteString("error", message);
        w.WriteEndObject();
        await w.FlushAsync().ConfigureAwait(false);
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var v in values.Take(10))
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    /// <summary>Writes {resultType, result} for a query value.</summary>
    public static void WriteQueryData(Utf8JsonWriter w, QueryValue value)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(value);
        w.WriteStartObject();
        w.WriteString("resultType", value.ResultType);
        w.WritePropertyName("result");
        switch (value)
        {
            case ScalarValue s:
                PromJson.WritePoint(w, s.T, s.V);
                break;
            case StringValue s:
                PromJson.WritePoint(w, s.T, s.V);
                break;
            case VectorValue v:
                w.WriteStartArray();
                foreach (var s in v.Samples)
                {
                    w.WriteStartObject();
                    w.WritePropertyName("metric");
                    PromJson.WriteLabels(w, s.Metric);
                    w.WritePropertyName("value");
                    PromJson.WritePoint(w, s.T, s.V);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                break;
            case MatrixValue m:
                w.WriteStartArray();
                // Indexed loops: foreach over IReadOnlyList would box an enumerator per series.
                for (var i = 0; i < m.Series.Count; i++)
                {
                    var series = m.Series[i];
                    w.WriteStartObject();
                    w.WritePropertyName("metric");
                    PromJson.WriteLabels(w, series.Metric);
                    w.WriteStartArray("values");
                    var points = series.Points;
                    for (var j = 0; j < points.Count; j++)
                    {
                        var p = points[j];
                        PromJson.WritePoint(w, p.T, p.V);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                break;
            default:
                w.WriteStartArray();
                w.WriteEndArray();
                break;
        }

        w.WriteEndObject();
    }
}
