using System.Globalization;
using System.Text;
using Tsdb.Storage;

namespace Tsdb.PromQL.PromqlTest;

/// <summary>Text for failure reports: label sets as scripts write them, query values, and what an eval expected.</summary>
public static class ResultFormatter
{
    /// <summary><c>name{a="b"}</c>; a metric name that is not an identifier stays quoted inside the braces.</summary>
    public static string FormatMetric(Labels metric)
    {
        var name = metric.MetricName;
        var sb = new StringBuilder();
        var plainName = name.Length > 0 && IsIdentifier(name);
        if (plainName)
        {
            sb.Append(name);
        }

        sb.Append('{');
        var first = true;
        foreach (var l in metric)
        {
            if (l.Name == Label.MetricName && plainName)
            {
                continue;
            }

            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            if (l.Name == Label.MetricName)
            {
                AppendQuoted(sb, l.Value);
                continue;
            }

            if (IsIdentifier(l.Name) && !l.Name.Contains(':', StringComparison.Ordinal))
            {
                sb.Append(l.Name);
            }
            else
            {
                AppendQuoted(sb, l.Name);
            }

            sb.Append('=');
            AppendQuoted(sb, l.Value);
        }

        return sb.Append('}').ToString();
    }

    public static string FormatValue(QueryValue? value)
    {
        switch (value)
        {
            case null:
                return "(no value)";
            case ScalarValue s:
                return "scalar " + SequenceValue.FormatFloat(s.V);
            case StringValue s:
                {
                    var sb = new StringBuilder("string ");
                    AppendQuoted(sb, s.V);
                    return sb.ToString();
                }

            case VectorValue v:
                {
                    if (v.Samples.Count == 0)
                    {
                        return "(empty vector)";
                    }

                    var sb = new StringBuilder();
                    foreach (var s in v.Samples)
                    {
                        if (sb.Length > 0)
                        {
                            sb.Append('\n');
                        }

                        sb.Append(FormatMetric(s.Metric)).Append(' ').Append(SequenceValue.FormatFloat(s.V));
                    }

                    return sb.ToString();
                }

            case MatrixValue m:
                {
                    if (m.Series.Count == 0)
                    {
                        return "(empty matrix)";
                    }

                    var sb = new StringBuilder();
                    foreach (var s in m.Series)
                    {
                        if (sb.Length > 0)
                        {
                            sb.Append('\n');
                        }

                        sb.Append(FormatMetric(s.Metric)).Append(' ').Append(FormatPoints(s.Points));
                    }

                    return sb.ToString();
                }

            default:
                return value.ResultType;
        }
    }

    /// <summary><c>1 @[0] 2 @[60000]</c>: values with their timestamps in milliseconds (as test.go prints float points).</summary>
    public static string FormatPoints(IReadOnlyList<Sample> points)
    {
        var sb = new StringBuilder();
        foreach (var p in points)
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(SequenceValue.FormatFloat(p.V)).Append(" @[").Append(p.T.ToString(CultureInfo.InvariantCulture)).Append(']');
        }

        return sb.Length == 0 ? "(no points)" : sb.ToString();
    }

    /// <summary>What an eval command expects, one item per line.</summary>
    public static string FormatExpected(EvalCommand cmd)
    {
        var sb = new StringBuilder();
        if (cmd.IsFail)
        {
            sb.Append("an error");
            if (cmd.ExpectedFailMessage is { Length: > 0 } msg)
            {
                sb.Append(" with message \"").Append(msg).Append('"');
            }

            if (cmd.ExpectedFailRegex is not null)
            {
                sb.Append(" matching /").Append(cmd.ExpectedFailRegex).Append('/');
            }

            foreach (var e in cmd.Of(ExpectationKind.Fail))
            {
                if (e.Message is not null)
                {
                    sb.Append(" with message \"").Append(e.Message).Append('"');
                }
                else if (e.Pattern is not null)
                {
                    sb.Append(" matching /").Append(e.Pattern).Append('/');
                }
            }

            return sb.ToString();
        }

        if (cmd.ExpectedScalar is { } scalar)
        {
            return "scalar " + SequenceValue.FormatFloat(scalar);
        }

        if (cmd.ExpectedString is { } str)
        {
            sb.Append("string ");
            AppendQuoted(sb, str);
            return sb.ToString();
        }

        if (cmd.ExpectedSeries.Count == 0)
        {
            return "(empty result)";
        }

        foreach (var e in cmd.ExpectedSeries)
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            sb.Append(e.Series);
        }

        return sb.ToString();
    }

    internal static void AppendQuoted(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (var ch in value)
        {
            switch (ch)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                default: sb.Append(ch); break;
            }
        }

        sb.Append('"');
    }

    private static bool IsIdentifier(string s)
    {
        if (s.Length == 0 || !(char.IsAsciiLetter(s[0]) || s[0] is '_' or ':'))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or ':'))
            {
                return false;
            }
        }

        return true;
    }
}
