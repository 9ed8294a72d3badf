using System.Globalization;
using System.Text;
using Tsdb.Scrape.Parsing;

namespace Tsdb.Api.Tests.Import;

/// <summary>
/// A stand-in for <c>ExpositionReader.Parse</c> until the scrape parser lands on main: only sample
/// lines <c>key value [timestamp]</c> and comments, enough to drive the import plumbing in tests.
/// </summary>
internal static class StubExposition
{
    public static void Parse(ReadOnlySpan<byte> body, ExpositionFormat format, IExpositionHandler handler)
    {
        var lines = Encoding.UTF8.GetString(body).Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var close = line.LastIndexOf('}');
            var keyEnd = close >= 0 ? close + 1 : line.IndexOf(' ', StringComparison.Ordinal);
            if (keyEnd <= 0 || keyEnd >= line.Length)
            {
                throw new ExpositionFormatException($"line {n + 1}: expected a value", n + 1);
            }

            var parts = line[keyEnd..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length is < 1 or > 2 || !TryValue(parts[0], out var v))
            {
                throw new ExpositionFormatException($"line {n + 1}: bad sample \"{line}\"", n + 1);
            }

            long ts = 0;
            if (parts.Length == 2)
            {
                if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var raw))
                {
                    throw new ExpositionFormatException($"line {n + 1}: bad timestamp", n + 1);
                }

                ts = format == ExpositionFormat.OpenMetrics ? (long)Math.Round(raw * 1000) : (long)raw;
            }

            handler.OnSample(new ExpositionSample(Encoding.UTF8.GetBytes(line[..keyEnd]), v, parts.Length == 2, ts, format));
        }
    }

    private static bool TryValue(string s, out double v)
    {
        v = s switch { "+Inf" => double.PositiveInfinity, "-Inf" => double.NegativeInfinity, "NaN" => double.NaN, _ => 0 };
        return s is "+Inf" or "-Inf" or "NaN" || double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v);
    }
}
