using System.Globalization;
using System.Text;

namespace Tsdb.Alerting.Templates;

/// <summary>
/// Go's <c>fmt.Sprintf</c> for the verbs templates use: %v %s %q %d %x %X %o %b %c %t %e %E %f %F %g %G %%,
/// flags <c>+ - # 0 space</c>, width and precision (also <c>*</c>). Wrong or missing arguments render the way
/// Go renders them (<c>%!d(string=x)</c>, <c>%!s(MISSING)</c>, <c>%!(EXTRA int=1)</c>) rather than failing.
/// </summary>
internal static class GoPrintf
{
    private struct Spec
    {
        public bool Plus;
        public bool Minus;
        public bool Sharp;
        public bool Zero;
        public bool Space;
        public int Width;
        public int Precision;
    }

    public static string Sprintf(string format, object?[] args)
    {
        var sb = new StringBuilder();
        var argIndex = 0;
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i];
            if (c != '%')
            {
                sb.Append(c);
                i++;
                continue;
            }

            i++;
            var spec = new Spec { Width = -1, Precision = -1 };
            for (; i < format.Length; i++)
            {
                switch (format[i])
                {
                    case '+': spec.Plus = true; continue;
                    case '-': spec.Minus = true; continue;
                    case '#': spec.Sharp = true; continue;
                    case '0': spec.Zero = true; continue;
                    case ' ': spec.Space = true; continue;
                }

                break;
            }

            spec.Width = ReadNumber(format, ref i, args, ref argIndex);
            if (i < format.Length && format[i] == '.')
            {
                i++;
                spec.Precision = ReadNumber(format, ref i, args, ref argIndex);
                if (spec.Precision < 0)
                {
                    spec.Precision = 0;
                }
            }

            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }

            var verb = char.ConvertToUtf32(format, i);
            i += char.IsSurrogatePair(format, i) ? 2 : 1;
            if (verb == '%')
            {
                sb.Append('%');
                continue;
            }

            if (argIndex >= args.Length)
            {
                sb.Append("%!").Append(char.ConvertFromUtf32(verb)).Append("(MISSING)");
                continue;
            }

            FormatArg(sb, args[argIndex++], (char)verb, spec);
        }

        if (argIndex < args.Length)
        {
            sb.Append("%!(EXTRA ");
            for (var k = argIndex; k < args.Length; k++)
            {
                if (k > argIndex)
                {
                    sb.Append(", ");
                }

                AppendTypeAndValue(sb, args[k]);
            }

            sb.Append(')');
        }

        return sb.ToString();
    }

    private static int ReadNumber(string format, ref int i, object?[] args, ref int argIndex)
    {
        if (i < format.Length && format[i] == '*')
        {
            i++;
            if (argIndex < args.Length && GoValues.IsInteger(args[argIndex]))
            {
                return (int)GoValues.ToLong(args[argIndex++]!);
            }

            argIndex++;
            return -1;
        }

        var start = i;
        while (i < format.Length && char.IsAsciiDigit(format[i]))
        {
            i++;
        }

        return i == start ? -1 : int.Parse(format.AsSpan(start, i - start), CultureInfo.InvariantCulture);
    }

    private static void AppendTypeAndValue(StringBuilder sb, object? v)
    {
        if (v is null)
        {
            sb.Append("<nil>");
            return;
        }

        sb.Append(GoValues.TypeName(v)).Append('=');
        GoFormat.AppendV(sb, v, plus: false);
    }

    private static void BadVerb(StringBuilder sb, char verb, object? v)
    {
        sb.Append("%!").Append(verb).Append('(');
        AppendTypeAndValue(sb, v);
        sb.Append(')');
    }

    private static void FormatArg(StringBuilder sb, object? v, char verb, Spec spec)
    {
        if (v is null)
        {
            if (verb is 'v' or 's' && spec.Precision < 0)
            {
                Pad(sb, "<nil>", spec, numeric: false);
            }
            else if (verb == 'v')
            {
                Pad(sb, "<nil>", spec, numeric: false);
            }
            else
            {
                BadVerb(sb, verb, v);
            }

            return;
        }

        if (v is TimeSpan span && verb is not ('v' or 's' or 'q'))
        {
            // time.Duration is an int64 of nanoseconds for the integer verbs.
            v = span.Ticks * 100;
        }

        if (GoValues.IsInteger(v))
        {
            FormatInteger(sb, v, verb, spec);
        }
        else if (GoValues.IsFloat(v))
        {
            FormatFloat(sb, GoValues.ToDouble(v), verb, spec);
        }
        else if (v is string s)
        {
            FormatString(sb, s, verb, spec);
        }
        else if (v is bool b)
        {
            if (verb is 'v' or 't')
            {
                Pad(sb, b ? "true" : "false", spec, numeric: false);
            }
            else
            {
                BadVerb(sb, verb, v);
            }
        }
        else if (GoValues.IsList(v) && verb != 'v' && v is not ITemplateObject)
        {
            sb.Append('[');
            var first = true;
            foreach (var x in GoValues.ToList(v))
            {
                if (!first)
                {
                    sb.Append(' ');
                }

                first = false;
                FormatArg(sb, x, verb, spec);
            }

            sb.Append(']');
        }
        else if (verb is 'v' or 's' || (verb == 'q' && v is ITemplateObject or DateTime or DateTimeOffset or TimeSpan))
        {
            var text = GoFormat.V(v);
            Pad(sb, verb == 'q' ? GoFormat.Quote(text) : text, spec, numeric: false);
        }
        else
        {
            BadVerb(sb, verb, v);
        }
    }

    private static void FormatString(StringBuilder sb, string s, char verb, Spec spec)
    {
        switch (verb)
        {
            case 'v':
            case 's':
                if (spec.Precision >= 0)
                {
                    s = TruncateRunes(s, spec.Precision);
                }

                Pad(sb, s, spec, numeric: false);
                break;
            case 'q':
                Pad(sb, spec.Sharp && !s.Contains('`', StringComparison.Ordinal) ? "`" + s + "`" : GoFormat.Quote(s), spec, numeric: false);
                break;
            case 'x':
            case 'X':
                var bytes = Encoding.UTF8.GetBytes(s);
                var hex = new StringBuilder();
                foreach (var b in bytes)
                {
                    if (spec.Space && hex.Length > 0)
                    {
                        hex.Append(' ');
                    }

                    hex.Append(b.ToString(verb == 'x' ? "x2" : "X2", CultureInfo.InvariantCulture));
                }

                Pad(sb, hex.ToString(), spec, numeric: false);
                break;
            default:
                BadVerb(sb, verb, s);
                break;
        }
    }

    private static string TruncateRunes(string s, int n)
    {
        var sb = new StringBuilder();
        foreach (var r in s.EnumerateRunes())
        {
            if (n-- <= 0)
            {
                break;
            }

            sb.Append(r.ToString());
        }

        return sb.ToString();
    }

    private static void FormatInteger(StringBuilder sb, object v, char verb, Spec spec)
    {
        var neg = v is not ulong && GoValues.ToLong(v) < 0;
        var mag = v is ulong ul ? ul : (ulong)Math.Abs((decimal)GoValues.ToLong(v));
        string digits;
        switch (verb)
        {
            case 'v':
            case 'd':
                digits = mag.ToString(CultureInfo.InvariantCulture);
                break;
            case 'x':
                digits = mag.ToString("x", CultureInfo.InvariantCulture);
                if (spec.Sharp)
                {
                    digits = "0x" + digits;
                }

                break;
            case 'X':
                digits = mag.ToString("X", CultureInfo.InvariantCulture);
                if (spec.Sharp)
                {
                    digits = "0X" + digits;
                }

                break;
            case 'o':
                digits = Convert.ToString((long)mag, 8);
                if (spec.Sharp)
                {
                    digits = "0" + digits;
                }

                break;
            case 'b':
                digits = Convert.ToString((long)mag, 2);
                break;
            case 'c':
                Pad(sb, char.ConvertFromUtf32((int)mag), spec, numeric: false);
                return;
            case 'q':
                Pad(sb, GoFormat.QuoteRune(new Rune((int)mag)), spec, numeric: false);
                return;
            case 'U':
                Pad(sb, "U+" + mag.ToString("X4", CultureInfo.InvariantCulture), spec, numeric: false);
                return;
            case 'e' or 'E' or 'f' or 'F' or 'g' or 'G' or 's' or 't':
            default:
                BadVerb(sb, verb, v);
                return;
        }

        if (spec.Precision >= 0)
        {
            digits = digits.PadLeft(spec.Precision, '0');
        }

        var sign = neg ? "-" : spec.Plus ? "+" : spec.Space ? " " : "";
        PadNumber(sb, sign, digits, spec, allowZero: spec.Precision < 0);
    }

    private static void FormatFloat(StringBuilder sb, double d, char verb, Spec spec)
    {
        string text;
        switch (verb)
        {
            case 'v':
            case 'g':
                text = GoFloat.FormatG(d, spec.Precision);
                break;
            case 'G':
                text = GoFloat.FormatG(d, spec.Precision, upper: true);
                break;
            case 'e':
                text = GoFloat.FormatE(d, spec.Precision < 0 ? 6 : spec.Precision);
                break;
            case 'E':
                text = GoFloat.FormatE(d, spec.Precision < 0 ? 6 : spec.Precision, upper: true);
                break;
            case 'f':
            case 'F':
                text = GoFloat.FormatF(d, spec.Precision < 0 ? 6 : spec.Precision);
                break;
            default:
                BadVerb(sb, verb, d);
                return;
        }

        string sign;
        if (text.StartsWith('-') || text.StartsWith('+'))
        {
            sign = text[..1];
            text = text[1..];
        }
        else
        {
            sign = spec.Plus ? "+" : spec.Space ? " " : "";
        }

        if (text == "NaN" && sign == "+" && !spec.Plus)
        {
            sign = "";
        }

        // Go never zero-pads Inf and NaN.
        PadNumber(sb, sign, text, spec, allowZero: double.IsFinite(d));
    }

    private static void PadNumber(StringBuilder sb, string sign, string digits, Spec spec, bool allowZero)
    {
        var len = sign.Length + digits.Length;
        if (spec.Width > len && spec.Zero && !spec.Minus && allowZero)
        {
            sb.Append(sign).Append('0', spec.Width - len).Append(digits);
            return;
        }

        Pad(sb, sign + digits, spec, numeric: true);
    }

    private static void Pad(StringBuilder sb, string s, Spec spec, bool numeric)
    {
        var width = spec.Width;
        var len = s.EnumerateRunes().Count();
        if (width <= len)
        {
            sb.Append(s);
            return;
        }

        if (spec.Minus)
        {
            sb.Append(s).Append(' ', width - len);
        }
        else
        {
            // Go pads strings with zeros too when the 0 flag is given.
            sb.Append(spec.Zero && !numeric ? '0' : ' ', width - len).Append(s);
        }
    }
}
