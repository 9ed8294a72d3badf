using System.Globalization;
using System.Text;
using Tsdb.Scrape.Parsing;

namespace Tsdb.Scrape.Tests.Parsing;

/// <summary>Records every entry as one readable line, so tests compare bodies with string lists.</summary>
internal sealed class RecordingHandler : IExpositionHandler
{
    public List<string> Entries { get; } = [];

    /// <summary>Raw value bits of each sample, to check NaN payloads.</summary>
    public List<ulong> ValueBits { get; } = [];

    public void OnSample(in ExpositionSample sample)
    {
        var sb = new StringBuilder();
        sb.Append(Encoding.UTF8.GetString(sample.SeriesKey)).Append(' ').Append(Format(sample.Value));
        if (sample.HasTimestamp)
        {
            sb.Append(" @").Append(sample.TimestampMs.ToString(CultureInfo.InvariantCulture));
        }

        if (sample.HasExemplar)
        {
            sb.Append(" # ").Append(Encoding.UTF8.GetString(sample.ExemplarLabels)).Append(' ').Append(Format(sample.ExemplarValue));
            if (sample.ExemplarHasTimestamp)
            {
                sb.Append(" @").Append(sample.ExemplarTimestampMs.ToString(CultureInfo.InvariantCulture));
            }

            if (sample.ExemplarLabelsTooLong)
            {
                sb.Append(" (too long)");
            }
        }

        Entries.Add(sb.ToString());
        ValueBits.Add(BitConverter.DoubleToUInt64Bits(sample.Value));
    }

    public void OnMetadata(ReadOnlySpan<byte> metricFamily, MetadataField field, ReadOnlySpan<byte> value) =>
        Entries.Add($"{field.ToString().ToUpperInvariant()} {Encoding.UTF8.GetString(metricFamily)} {Encoding.UTF8.GetString(value)}");

    public static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>Does nothing: measures the parser alone.</summary>
internal sealed class NoopHandler : IExpositionHandler
{
    public long Samples { get; private set; }

    public void OnSample(in ExpositionSample sample) => Samples++;

    public void OnMetadata(ReadOnlySpan<byte> metricFamily, MetadataField field, ReadOnlySpan<byte> value)
    {
    }
}

internal static class Parsed
{
    public static List<string> Text(string body) => Run(body, ExpositionFormat.PrometheusText);

    public static List<string> OpenMetrics(string body) => Run(body, ExpositionFormat.OpenMetrics);

    public static List<string> Run(string body, ExpositionFormat format)
    {
        var h = new RecordingHandler();
        ExpositionReader.Parse(Encoding.UTF8.GetBytes(body), format, h);
        return h.Entries;
    }
}
