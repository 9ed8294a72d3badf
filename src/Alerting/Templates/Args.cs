using System.Globalization;

namespace Tsdb.Alerting.Templates;

/// <summary>Argument conversions for template functions, failing with Go's wording.</summary>
public static class Args
{
    public static string String(object?[] args, int index)
    {
        var v = args[index];
        return v switch
        {
            string s => s,
            _ => throw new TemplateArgumentException("wrong type for value; expected string; got " + GoValues.TypeName(v)),
        };
    }

    /// <summary>prometheus/common's convertToFloat: numbers, numeric strings and durations.</summary>
    public static double Float(object?[] args, int index)
    {
        var v = args[index];
        switch (v)
        {
            case string s:
                if (TryParseGoFloat(s, out var d))
                {
                    return d;
                }

                throw new FormatException("strconv.ParseFloat: parsing " + GoFormat.Quote(s) + ": invalid syntax");
            case TimeSpan t:
                return t.Ticks / (double)TimeSpan.TicksPerSecond;
            case null:
                throw new InvalidOperationException("can't convert <nil> to float");
            default:
                if (GoValues.IsNumber(v))
                {
                    return GoValues.ToDouble(v);
                }

                throw new InvalidOperationException("can't convert " + GoValues.TypeName(v) + " to float");
        }
    }

    /// <summary>strconv.ParseFloat: decimal and exponent forms, Inf/Infinity/NaN in any case, optional sign.</summary>
    public static bool TryParseGoFloat(string s, out double value)
    {
        var t = s.TrimStart('+', '-');
        var neg = s.StartsWith('-');
        if (s.Length - t.Length > 1)
        {
            value = 0;
            return false;
        }

        if (t.Equals("inf", StringComparison.OrdinalIgnoreCase) || t.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = neg ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (t.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        if (t.Length == 0 || t.Contains(' ', StringComparison.Ordinal))
        {
            value = 0;
            return false;
        }

        return double.TryParse(s.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
    }

    public static DateTimeOffset Time(object?[] args, int index) =>
        args[index] is { } v ? GoTime.ToOffset(v) : throw new TemplateArgumentException("invalid value; expected time.Time");
}
