using Tsdb.Scrape.Parsing;

namespace Tsdb.Scrape.Config;

/// <summary>The <c>scrape_protocols</c> names Prometheus accepts (config.go ScrapeProtocol); protobuf is not supported by tsdb.</summary>
public enum ScrapeProtocol : byte
{
    OpenMetricsText100,
    OpenMetricsText001,
    PrometheusText100,
    PrometheusText004,
}

public static class ScrapeProtocols
{
    /// <summary>Prometheus's default when native histograms are off.</summary>
    public static readonly EquatableList<ScrapeProtocol> Default = new(
        [ScrapeProtocol.OpenMetricsText100, ScrapeProtocol.OpenMetricsText001, ScrapeProtocol.PrometheusText100, ScrapeProtocol.PrometheusText004]);

    public static string Name(ScrapeProtocol p) => p switch
    {
        ScrapeProtocol.OpenMetricsText100 => "OpenMetricsText1.0.0",
        ScrapeProtocol.OpenMetricsText001 => "OpenMetricsText0.0.1",
        ScrapeProtocol.PrometheusText100 => "PrometheusText1.0.0",
        _ => "PrometheusText0.0.4",
    };

    public static bool TryParse(string name, out ScrapeProtocol p)
    {
        foreach (var v in Enum.GetValues<ScrapeProtocol>())
        {
            if (Name(v) == name)
            {
                p = v;
                return true;
            }
        }

        p = default;
        return false;
    }

    /// <summary>The media type sent in Accept for a protocol (scrape.go / config.go ScrapeProtocolsHeaders).</summary>
    public static string MediaType(ScrapeProtocol p) => p switch
    {
        ScrapeProtocol.OpenMetricsText100 => "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8",
        ScrapeProtocol.OpenMetricsText001 => "application/openmetrics-text;version=0.0.1",
        ScrapeProtocol.PrometheusText100 => "text/plain;version=1.0.0;escaping=allow-utf-8",
        _ => "text/plain;version=0.0.4",
    };

    public static ExpositionFormat Format(ScrapeProtocol p) =>
        p is ScrapeProtocol.OpenMetricsText100 or ScrapeProtocol.OpenMetricsText001 ? ExpositionFormat.OpenMetrics : ExpositionFormat.PrometheusText;

    /// <summary>scrape.go acceptHeader: protocols with descending q weights, then <c>*/*</c> last.</summary>
    public static string AcceptHeader(IReadOnlyList<ScrapeProtocol> protocols)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        var parts = new List<string>(protocols.Count + 1);
        var weight = protocols.Count + 1;
        foreach (var p in protocols)
        {
            parts.Add(MediaType(p) + ";q=" + QValue(weight--));
        }

        parts.Add("*/*;q=" + QValue(weight));
        return string.Join(',', parts);
    }

    // Go's "0.%d" with weight/10 semantics; weights above 9 cannot happen with five protocols.
    private static string QValue(int weight) => "0." + weight.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
