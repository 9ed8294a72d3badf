using Tsdb.Api.RemoteWrite.Proto.V1;

namespace Tsdb.Api.RemoteWrite;

/// <summary>Protobuf metric types to the names the Prometheus metadata API uses.</summary>
internal static class MetadataTypes
{
    public static string Name(MetricMetadata.Types.MetricType type) => type switch
    {
        MetricMetadata.Types.MetricType.Counter => "counter",
        MetricMetadata.Types.MetricType.Gauge => "gauge",
        MetricMetadata.Types.MetricType.Histogram => "histogram",
        MetricMetadata.Types.MetricType.Gaugehistogram => "gaugehistogram",
        MetricMetadata.Types.MetricType.Summary => "summary",
        MetricMetadata.Types.MetricType.Info => "info",
        MetricMetadata.Types.MetricType.Stateset => "stateset",
        _ => "unknown",
    };

    public static string Name(Proto.V2.Metadata.Types.MetricType type) => Name((MetricMetadata.Types.MetricType)(int)type);
}
