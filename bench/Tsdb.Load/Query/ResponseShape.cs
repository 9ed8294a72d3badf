using System.Text.Json;

namespace Tsdb.Load.Query;

/// <summary>Reads a Prometheus API response: success or its error, and how many series and points it holds.</summary>
internal static class ResponseShape
{
    public static (bool Ok, int Series, long Points, string? Error) Read(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (!root.TryGetProperty("status", out var status) || status.GetString() != "success")
            {
                var error = root.TryGetProperty("error", out var e) ? e.GetString() : "no status";
                return (false, 0, 0, error);
            }

            var data = root.GetProperty("data");
            var result = data.GetProperty("result");
            if (result.ValueKind != JsonValueKind.Array)
            {
                // A scalar or string result: one point.
                return (true, 1, 1, null);
            }

            var series = 0;
            var points = 0L;
            foreach (var item in result.EnumerateArray())
            {
                series++;
                points += item.TryGetProperty("values", out var values) ? values.GetArrayLength() : 1;
            }

            return (true, series, points, null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (false, 0, 0, "unreadable response: " + e.Message);
        }
    }
}
