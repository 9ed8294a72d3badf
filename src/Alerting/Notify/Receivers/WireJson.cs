using System.Globalization;
using System.Text.Json;
using Tsdb.Storage;

namespace Tsdb.Alerting.Notify;

/// <summary>JSON the way Go's encoding/json writes Alertmanager's types.</summary>
internal static class WireJson
{
    /// <summary>time.Time's RFC3339Nano (trailing zero digits dropped); the zero time is <c>0001-01-01T00:00:00Z</c>.</summary>
    public static string Time(DateTime t) =>
        DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>strfmt.DateTime (Alertmanager's OpenAPI client): RFC3339 with milliseconds.</summary>
    public static string TimeMillis(DateTime t) =>
        DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static void WriteLabels(Utf8JsonWriter w, string name, Labels labels)
    {
        w.WriteStartObject(name);
        foreach (var l in labels)
        {
            w.WriteString(l.Name, l.Value);
        }

        w.WriteEndObject();
    }

    /// <summary>Go escapes &lt;, &gt; and &amp; in strings but otherwise writes UTF-8 as is.</summary>
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, Options))
        {
            body(w);
        }

        return ms.ToArray();
    }
}
