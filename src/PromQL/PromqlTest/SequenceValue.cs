using System.Globalization;
using Tsdb.Storage;

namespace Tsdb.PromQL.PromqlTest;

/// <summary>
/// One position of an expanded point sequence (Prometheus parser.SequenceValue). Native histograms are
/// recognised by their extent only: <see cref="Histogram"/> holds the <c>{{...}}</c> text, not a parsed value.
/// </summary>
public readonly record struct SequenceValue(SequenceValueKind Kind, double Value, string? Histogram)
{
    public static readonly SequenceValue Omitted = new(SequenceValueKind.Omitted, 0, null);

    public static SequenceValue Float(double value) => new(SequenceValueKind.Float, value, null);

    public static SequenceValue OfHistogram(string text) => new(SequenceValueKind.Histogram, 0, text);

    public bool IsFloat => Kind == SequenceValueKind.Float;

    public bool IsOmitted => Kind == SequenceValueKind.Omitted;

    public bool IsHistogram => Kind == SequenceValueKind.Histogram;

    public override string ToString() => Kind switch
    {
        SequenceValueKind.Omitted => "_",
        SequenceValueKind.Histogram => Histogram!,
        _ => FormatFloat(Value),
    };

    /// <summary>Formats a float as the test language writes it: <c>stale</c>, <c>NaN</c>, <c>Inf</c>, <c>-Inf</c>, shortest round trip otherwise.</summary>
    public static string FormatFloat(double v)
    {
        if (StaleNaN.Is(v))
        {
            return "stale";
        }

        if (double.IsNaN(v))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(v))
        {
            return "Inf";
        }

        if (double.IsNegativeInfinity(v))
        {
            return "-Inf";
        }

        return v.ToString("R", CultureInfo.InvariantCulture);
    }
}
