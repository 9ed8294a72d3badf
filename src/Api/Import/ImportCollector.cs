using System.Text;
using Tsdb.Api.RemoteWrite;
using Tsdb.Scrape.Parsing;
using Tsdb.Storage;

namespace Tsdb.Api.Import;

/// <summary>
/// Collects the samples of an import body before anything is stored, so a body that fails to
/// parse stores nothing. Series whose labels cannot be stored are counted and skipped.
/// </summary>
internal sealed class ImportCollector(long? defaultTimestamp) : IExpositionHandler
{
    private const int MaxReasons = 10;
    private readonly Dictionary<string, Labels?> _series = new(StringComparer.Ordinal);
    private readonly List<Label> _scratch = new(16);
    private readonly List<string> _reasons = [];

    /// <summary>The accepted samples in body order.</summary>
    public List<(Labels Labels, long T, double V)> Samples { get; } = [];

    /// <summary>Samples of series refused for their labels.</summary>
    public int InvalidSamples { get; private set; }

    /// <summary>Why series were refused (the first few).</summary>
    public IReadOnlyList<string> Reasons => _reasons;

    public void OnSample(in ExpositionSample sample)
    {
        var key = Encoding.UTF8.GetString(sample.SeriesKey);
        if (!_series.TryGetValue(key, out var labels))
        {
            sample.DecodeLabels(_scratch);
            labels = SeriesLabels.Build(_scratch, out var problem);
            if (labels is null && _reasons.Count < MaxReasons)
            {
                _reasons.Add(problem!);
            }

            _series[key] = labels;
        }

        if (labels is null)
        {
            InvalidSamples++;
            return;
        }

        long t;
        if (sample.HasTimestamp)
        {
            t = sample.TimestampMs;
        }
        else
        {
            // promtool requires timestamps; the HTTP import (as VictoriaMetrics's) stamps the arrival time.
            t = defaultTimestamp ?? throw new ExpositionFormatException($"expected timestamp for series {labels}, got none");
        }

        Samples.Add((labels, t, sample.Value));
    }

    public void OnMetadata(ReadOnlySpan<byte> metricFamily, MetadataField field, ReadOnlySpan<byte> value)
    {
        // Types and help texts are not imported.
    }
}
