using System.Globalization;
using System.Text;

namespace Tsdb.Alerting.Templates;

/// <summary>encoding/json's Marshal for template values (Alertmanager's <c>toJson</c>): sorted map keys, HTML-safe escaping, Go float rules.</summary>
internal static class GoJson
{
    public static string Marshal(object? v)
    {
        var sb = new StringBuilder();
        Write(sb, v, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? v, int depth)
    {
        if (depth > 100)
        {
            throw new InvalidOperationException("json: unsupported value: encountered a cycle");
        }

        switch (v)
        {
            case null:
                sb.Append("null");
                return;
            case string s:
                WriteString(sb, s);
                return;
            case bool b:
                sb.Append(b ? "true" : "false");
                return;
            case DateTime or DateTimeOffset:
                WriteString(sb, GoTime.Format("2006-01-02T15:04:05.999999999Z07:00", GoTime.ToOffset(v)));
                return;
            case TimeSpan t:
                sb.Append((t.Ticks * 100).ToString(CultureInfo.InvariantCulture));
                return;
            case ITemplateJsonValue j:
                Write(sb, j.ToJsonValue(), depth + 1);
                return;
        }

        if (GoValues.IsInteger(v))
        {
            sb.Append(v is ulong u ? u.ToString(CultureInfo.InvariantCulture) : GoValues.ToLong(v).ToString(CultureInfo.InvariantCulture));
        }
        else if (GoValues.IsFloat(v))
        {
            WriteFloat(sb, GoValues.ToDouble(v));
        }
        else if (GoValues.IsMap(v))
        {
            sb.Append('{');
            var first = true;
            foreach (var kv in GoValues.SortedEntries(v))
            {
                if (!first)
                {
                    sb.Append(',');
                }

                first = false;
                WriteString(sb, kv.Key);
                sb.Append(':');
                Write(sb, kv.Value, depth + 1);
            }

            sb.Append('}');
        }
        else if (GoValues.IsList(v))
        {
            sb.Append('[');
            var first = true;
            foreach (var x in GoValues.ToList(v))
            {
                if (!first)
                {
                    sb.Append(',');
                }

                first = false;
                Write(sb, x, depth + 1);
            }

            sb.Append(']');
        }
        else
        {
            throw new InvalidOperationException("json: unsupported type: " + GoValues.TypeName(v));
        }
    }

    private static void WriteFloat(StringBuilder sb, double f)
    {
        if (!double.IsFinite(f))
        {
            throw new InvalidOperationException("json: unsupported value: " + GoFloat.FormatG(f, -1));
        }

        var abs = Math.Abs(f);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            var e = GoFloat.FormatE(f, -1);
            // Go cleans e-09 up to e-9.
            var n = e.Length;
            if (n >= 4 && e[n - 4] == 'e' && e[n - 3] == '-' && e[n - 2] == '0')
            {
                e = e[..(n - 2)] + e[n - 1];
            }

            sb.Append(e);
        }
        else
        {
            sb.Append(GoFloat.FormatF(f, -1));
        }
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: sb.Append(c); break;
            }
        }

        sb.Append('"');
    }
}
