using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Tsdb.PromQL.Ast;
using Tsdb.Storage;
using MatchType = Tsdb.Storage.MatchType;

namespace Tsdb.PromQL.Parser;

/// <summary>
/// Canonical PromQL text of an expression, as Prometheus's <c>printer.go</c> produces it (this backs
/// <c>/api/v1/format_query</c>): <c>sum by (job) (rate(foo[5m]))</c>, durations as <c>1h30m</c>,
/// <c>@ 10.000</c>, matchers sorted, strings quoted with Go escapes. Parsing the output yields an
/// equal tree (<see cref="AstEquality"/>).
/// </summary>
public static class PromQLPrinter
{
    public static string Print(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var sb = new StringBuilder(64);
        Write(sb, expr);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, Expr e)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (e)
        {
            case AggregateExpr a:
                sb.Append(a.Op.Name());
                if (a.Without)
                {
                    sb.Append(" without (");
                    WriteLabels(sb, a.Grouping);
                    sb.Append(") ");
                }
                else if (a.Grouping.Count > 0)
                {
                    sb.Append(" by (");
                    WriteLabels(sb, a.Grouping);
                    sb.Append(") ");
                }

                sb.Append('(');
                if (a.Param is not null)
                {
                    Write(sb, a.Param);
                    sb.Append(", ");
                }

                Write(sb, a.Expr);
                sb.Append(')');
                break;
            case BinaryExpr b:
                Write(sb, b.Lhs);
                sb.Append(' ').Append(b.Op.Symbol());
                if (b.ReturnBool)
                {
                    sb.Append(" bool");
                }

                WriteMatching(sb, b.Matching);
                sb.Append(' ');
                Write(sb, b.Rhs);
                break;
            case Call c:
                sb.Append(c.Func.Name).Append('(');
                for (var i = 0; i < c.Args.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Write(sb, c.Args[i]);
                }

                sb.Append(')');
                break;
            case MatrixSelector m:
                WriteSelectorBody(sb, m.VectorSelector);
                sb.Append('[').Append(Durations.Format(m.Range)).Append(']');
                WriteAt(sb, m.VectorSelector.Timestamp, m.VectorSelector.StartOrEnd);
                WriteOffset(sb, m.VectorSelector.OriginalOffset);
                break;
            case SubqueryExpr s:
                Write(sb, s.Expr);
                sb.Append('[').Append(Durations.Format(s.Range)).Append(':');
                if (s.Step != 0)
                {
                    sb.Append(Durations.Format(s.Step));
                }

                sb.Append(']');
                WriteAt(sb, s.Timestamp, s.StartOrEnd);
                WriteOffset(sb, s.OriginalOffset);
                break;
            case NumberLiteral n:
                sb.Append(FloatFormat.FormatShortestFixed(n.Value));
                break;
            case ParenExpr p:
                sb.Append('(');
                Write(sb, p.Expr);
                sb.Append(')');
                break;
            case StringLiteral s:
                GoStrings.AppendQuoted(sb, s.Value, '"');
                break;
            case UnaryExpr u:
                sb.Append(u.Op == UnaryOp.Sub ? '-' : '+');
                Write(sb, u.Expr);
                break;
            case VectorSelector v:
                WriteSelectorBody(sb, v);
                WriteAt(sb, v.Timestamp, v.StartOrEnd);
                WriteOffset(sb, v.OriginalOffset);
                break;
            default:
                throw new ArgumentException("unknown expression type " + e.GetType().Name, nameof(e));
        }
    }

    private static void WriteMatching(StringBuilder sb, VectorMatching? vm)
    {
        if (vm is null)
        {
            return;
        }

        var grouped = vm.Card is Cardinality.ManyToOne or Cardinality.OneToMany;
        if (vm.MatchingLabels.Count > 0 || vm.On || grouped)
        {
            sb.Append(vm.On ? " on (" : " ignoring (");
            WriteLabels(sb, vm.MatchingLabels);
            sb.Append(')');
        }

        if (grouped)
        {
            sb.Append(vm.Card == Cardinality.ManyToOne ? " group_left (" : " group_right (");
            WriteLabels(sb, vm.Include);
            sb.Append(')');
        }
    }

    private static void WriteSelectorBody(StringBuilder sb, VectorSelector v)
    {
        sb.Append(v.Name);
        List<string>? parts = null;
        foreach (var m in v.Matchers)
        {
            if (m.Name == "__name__" && m.Type == MatchType.Equal && m.Value == v.Name && m.Value.Length > 0)
            {
                continue;
            }

            (parts ??= new List<string>(v.Matchers.Count)).Add(MatcherString(m));
        }

        if (parts is null)
        {
            return;
        }

        parts.Sort(StringComparer.Ordinal);
        sb.Append('{');
        for (var i = 0; i < parts.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(parts[i]);
        }

        sb.Append('}');
    }

    /// <summary>A matcher as Prometheus prints it: <c>name="value"</c>, the name quoted when it is not a legacy label name.</summary>
    public static string MatcherString(Matcher m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var sb = new StringBuilder(m.Name.Length + m.Value.Length + 6);
        WriteLabel(sb, m.Name);
        sb.Append(m.Type switch
        {
            MatchType.Equal => "=",
            MatchType.NotEqual => "!=",
            MatchType.Regex => "=~",
            _ => "!~",
        });
        GoStrings.AppendQuoted(sb, m.Value, '"');
        return sb.ToString();
    }

    private static void WriteAt(StringBuilder sb, long? timestamp, StartOrEnd startOrEnd)
    {
        if (timestamp is { } ts)
        {
            sb.Append(" @ ").Append((ts / 1000.0).ToString("F3", CultureInfo.InvariantCulture));
        }
        else if (startOrEnd == StartOrEnd.Start)
        {
            sb.Append(" @ start()");
        }
        else if (startOrEnd == StartOrEnd.End)
        {
            sb.Append(" @ end()");
        }
    }

    private static void WriteOffset(StringBuilder sb, long offset)
    {
        if (offset > 0)
        {
            sb.Append(" offset ").Append(Durations.Format(offset));
        }
        else if (offset < 0)
        {
            sb.Append(" offset -").Append(Durations.Format(-offset));
        }
    }

    private static void WriteLabels(StringBuilder sb, IReadOnlyList<string> labels)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            WriteLabel(sb, labels[i]);
        }
    }

    private static void WriteLabel(StringBuilder sb, string name)
    {
        if (IsLegacyLabelName(name))
        {
            sb.Append(name);
        }
        else
        {
            GoStrings.AppendQuoted(sb, name, '"');
        }
    }

    /// <summary><c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    internal static bool IsLegacyLabelName(string s)
    {
        if (s.Length == 0)
        {
            return false;
        }

        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '_' || c is >= 'a' and <= 'z' || c is >= 'A' and <= 'Z' || (i > 0 && c is >= '0' and <= '9'))
            {
                continue;
            }

            return false;
        }

        return true;
    }
}
