using Tsdb.Storage;

namespace Tsdb.Api.RemoteWrite;

/// <summary>Validates and builds the label set of one incoming series.</summary>
internal static class SeriesLabels
{
    /// <summary>
    /// The label set, or null with a reason when it cannot be stored: a missing or empty metric name,
    /// an empty label name, or a label name given twice. Names may be any non-empty UTF-8 (Prometheus 3).
    /// Labels with empty values are dropped, as Prometheus does.
    /// </summary>
    public static Labels? Build(List<Label> labels, out string? problem)
    {
        foreach (var l in labels)
        {
            if (l.Name.Length == 0)
            {
                problem = $"invalid label name \"\" (value \"{l.Value}\") in series {Show(labels)}";
                return null;
            }
        }

        Labels built;
        try
        {
            built = Labels.FromUnsorted(labels);
        }
        catch (ArgumentException e)
        {
            problem = $"invalid labels for series {Show(labels)}: {e.Message}";
            return null;
        }

        if (built.MetricName.Length == 0)
        {
            problem = $"sample with empty metric name: series {Show(labels)}";
            return null;
        }

        problem = null;
        return built;
    }

    private static string Show(List<Label> labels) => "{" + string.Join(", ", labels) + "}";
}
