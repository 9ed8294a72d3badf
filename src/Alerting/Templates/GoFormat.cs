using System.Globalization;
using System.Text;

namespace Tsdb.Alerting.Templates;

/// <summary>Go's default printing of values (<c>fmt.Sprint</c>, <c>%v</c>) and <c>strconv.Quote</c>.</summary>
internal static class GoFormat
{
    public const string NoValue = "<no value>";

    /// <summary>How an action prints its value: text/template's printValue (nil prints <c>&lt;no value&gt;</c>).</summary>
    public static string PrintAction(object? v) => v is null ? NoValue : V(v);

    /// <summary><c>%v</c>.</summary>
    public static string V(object? v)
    {
        var sb = new StringBuilder();
        AppendV(sb, v, plus: false);
        return sb.ToString();
    }

    public static void AppendV(StringBuilder sb, object? v, bool plus)
    {
        switch (v)
        {
            case null:
                sb.Append("<nil>");
                break;
            case string s:
                sb.Append(s);
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case double d:
                sb.Append(GoFloat.FormatG(d, -1));
                break;
            case float f:
                // float32 prints with its own shortest representation.
                sb.Append(GoFloat.FormatG(double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), -1));
                break;
            case decimal m:
                sb.Append(GoFloat.FormatG((double)m, -1));
                break;
            case ulong ul:
                sb.Append(ul.ToString(CultureInfo.InvariantCulture));
                break;
            case DateTime or DateTimeOffset:
                sb.Append(GoTime.Format(GoTime.ToOffset(v)));
                break;
            case TimeSpan ts:
                sb.Append(GoTime.FormatDuration(ts));
                break;
            case TemplateMethod:
                sb.Append("<func>");
                break;
            case ITemplateObject o:
                sb.Append(o.ToString());
                break;
            default:
                if (GoValues.IsInteger(v))
                {
                    sb.Append(GoValues.ToLong(v).ToString(CultureInfo.InvariantCulture));
                }
                else if (GoValues.IsMap(v))
                {
                    sb.Append("map[");
                    var first = true;
                    foreach (var kv in GoValues.SortedEntries(v))
                    {
                        if (!first)
                        {
                            sb.Append(' ');
                        }

                        first = false;
                        sb.Append(kv.Key).Append(':');
                        AppendV(sb, kv.Value, plus);
                    }

                    sb.Append(']');
                }
                else if (GoValues.IsList(v))
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
                        AppendV(sb, x, plus);
                    }

                    sb.Append(']');
                }
                else
                {
                    sb.Append(Convert.ToString(v, CultureInfo.InvariantCulture));
                }

                break;
        }
    }

    /// <summary><c>fmt.Sprint</c>: spaces between operands when neither side is a string.</summary>
    public static string Sprint(object?[] args)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < args.Length; i++)
        {
            if (i > 0 && args[i] is not string && args[i - 1] is not string)
            {
                sb.Append(' ');
            }

            AppendV(sb, args[i], plus: false);
        }

        return sb.ToString();
    }

    /// <summary><c>fmt.Sprintln</c>: always spaces, trailing newline.</summary>
    public static string Sprintln(object?[] args)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < args.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            AppendV(sb, args[i], plus: false);
        }

        return sb.Append('\n').ToString();
    }

    /// <summary><c>strconv.Quote</c>.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        foreach (var r in s.EnumerateRunes())
        {
            AppendQuotedRune(sb, r, '"');
        }

        return sb.Append('"').ToString();
    }

    /// <summary><c>strconv.QuoteRune</c>.</summary>
    public static string QuoteRune(Rune r)
    {
        var sb = new StringBuilder();
        sb.Append('\'');
        AppendQuotedRune(sb, r, '\'');
        return sb.Append('\'').ToString();
    }

    private static void AppendQuotedRune(StringBuilder sb, Rune r, char quote)
    {
        switch (r.Value)
        {
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
            case '\\': sb.Append("\\\\"); return;
        }

        if (r.Value == quote)
        {
            sb.Append('\\').Append(quote);
            return;
        }

        if (IsPrint(r))
        {
            sb.Append(r.ToString());
        }
        else if (r.Value < 0x80)
        {
            sb.Append("\\x").Append(r.Value.ToString("x2", CultureInfo.InvariantCulture));
        }
        else if (r.Value < 0x10000)
        {
            sb.Append("\\u").Append(r.Value.ToString("x4", CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append("\\U").Append(r.Value.ToString("x8", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Approximates Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space.</summary>
    public static bool IsPrint(Rune r)
    {
        if (r.Value == ' ')
        {
            return true;
        }

        var cat = Rune.GetUnicodeCategory(r);
        return cat switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };
    }

    /// <summary>Go's <c>%#U</c>: <c>U+007D '}'</c>.</summary>
    public static string UnicodeForm(Rune r)
    {
        var s = "U+" + r.Value.ToString("X4", CultureInfo.InvariantCulture);
        return IsPrint(r) ? s + " '" + r + "'" : s;
    }
}
