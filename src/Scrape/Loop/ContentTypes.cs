namespace Tsdb.Scrape.Loop;

/// <summary>Response Content-Type to exposition format (textparse extractMediaType); null = unsupported or blank.</summary>
internal static class ContentTypes
{
    public static Parsing.ExpositionFormat? Format(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semi = contentType.IndexOf(';', StringComparison.Ordinal);
        var media = (semi < 0 ? contentType : contentType[..semi]).Trim();
        if (media.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return Parsing.ExpositionFormat.PrometheusText;
        }

        if (media.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase))
        {
            return Parsing.ExpositionFormat.OpenMetrics;
        }

        return null;
    }
}
