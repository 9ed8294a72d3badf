using System.Globalization;
using System.Text.Json;
using Tsdb.PromQL.Ast;
using Tsdb.Storage;

namespace Tsdb.Api.Http;

/// <summary>
/// The AST JSON of /api/v1/parse_query, in the shape Prometheus 3's web UI tree view reads
/// (web/api/v1/translate_ast.go): one object per node with a <c>type</c> and its fields.
/// </summary>
internal static class ParseQueryJson
{
    public static void Write(Utf8JsonWriter w, Expr? node)
    {
        switch (node)
        {
            case null:
                w.WriteNullValue();
                break;
            case AggregateExpr a:
                w.WriteStartObject();
                w.WriteString("type", "aggregation");
                w.WriteString("op", a.Op.Name());
                w.WritePropertyName("expr");
                Write(w, a.Expr);
                w.WritePropertyName("param");
                Write(w, a.Param);
                Strings(w, "grouping", a.Grouping);
                w.WriteBoolean("without", a.Without);
                w.WriteEndObject();
                break;
            case BinaryExpr b:
                w.WriteStartObject();
                w.WriteString("type", "binaryExpr");
                w.WriteString("op", b.Op.Symbol());
                w.WritePropertyName("lhs");
                Write(w, b.Lhs);
                w.WritePropertyName("rhs");
                Write(w, b.Rhs);
                w.WritePropertyName("matching");
                if (b.Matching is { } m)
                {
                    w.WriteStartObject();
                    w.WriteString("card", m.Card switch
                    {
                        Cardinality.OneToOne => "one-to-one",
                        Cardinality.ManyToOne => "many-to-one",
                        Cardinality.OneToMany => "one-to-many",
                        _ => "many-to-many",
                    });
                    Strings(w, "labels", m.MatchingLabels);
                    w.WriteBoolean("on", m.On);
                    Strings(w, "include", m.Include);
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteNullValue();
                }

                w.WriteBoolean("bool", b.ReturnBool);
                w.WriteEndObject();
                break;
            case Call c:
                w.WriteStartObject();
                w.WriteString("type", "call");
                w.WriteStartObject("func");
                w.WriteString("name", c.Func.Name);
                Strings(w, "argTypes", c.Func.ArgTypes.Select(t => t.Name()).ToList());
                w.WriteNumber("variadic", c.Func.Variadic);
                w.WriteString("returnType", c.Func.ReturnType.Name());
                w.WriteEndObject();
                w.WriteStartArray("args");
                foreach (var arg in c.Args)
                {
                    Write(w, arg);
                }

                w.WriteEndArray();
                w.WriteEndObject();
                break;
            case MatrixSelector ms:
                w.WriteStartObject();
                w.WriteString("type", "matrixSelector");
                w.WriteString("name", ms.VectorSelector.Name ?? "");
                w.WriteNumber("range", ms.Range);
                Selector(w, ms.VectorSelector.OriginalOffset, ms.VectorSelector.Matchers, ms.VectorSelector.Timestamp, ms.VectorSelector.StartOrEnd);
                w.WriteEndObject();
                break;
            case SubqueryExpr sq:
                w.WriteStartObject();
                w.WriteString("type", "subquery");
                w.WritePropertyName("expr");
                Write(w, sq.Expr);
                w.WriteNumber("range", sq.Range);
                w.WriteNumber("offset", sq.OriginalOffset);
                w.WriteNumber("step", sq.Step);
                Timestamp(w, sq.Timestamp, sq.StartOrEnd);
                w.WriteEndObject();
                break;
            case NumberLiteral n:
                w.WriteStartObject();
                w.WriteString("type", "numberLiteral");
                w.WriteString("val", FormatNumber(n.Value));
                w.WriteEndObject();
                break;
            case ParenExpr p:
                w.WriteStartObject();
                w.WriteString("type", "parenExpr");
                w.WritePropertyName("expr");
                Write(w, p.Expr);
                w.WriteEndObject();
                break;
            case StringLiteral s:
                w.WriteStartObject();
                w.WriteString("type", "stringLiteral");
                w.WriteString("val", s.Value);
                w.WriteEndObject();
                break;
            case UnaryExpr u:
                w.WriteStartObject();
                w.WriteString("type", "unaryExpr");
                w.WriteString("op", u.Op == UnaryOp.Sub ? "-" : "+");
                w.WritePropertyName("expr");
                Write(w, u.Expr);
                w.WriteEndObject();
                break;
            case VectorSelector vs:
                w.WriteStartObject();
                w.WriteString("type", "vectorSelector");
                w.WriteString("name", vs.Name ?? "");
                Selector(w, vs.OriginalOffset, vs.Matchers, vs.Timestamp, vs.StartOrEnd);
                w.WriteEndObject();
                break;
            default:
                throw new InvalidOperationException("unsupported node type " + node.GetType().Name);
        }
    }

    // Go's strconv.FormatFloat(v, 'f', -1, 64), as the PromQL printer already writes numbers.
    internal static string FormatNumber(double v) => Tsdb.PromQL.Parser.FloatFormat.FormatShortestFixed(v);

    private static void Selector(Utf8JsonWriter w, long offset, IReadOnlyList<Matcher> matchers, long? timestamp, StartOrEnd startOrEnd)
    {
        w.WriteNumber("offset", offset);
        w.WriteStartArray("matchers");
        foreach (var m in matchers)
        {
            w.WriteStartObject();
            w.WriteString("name", m.Name);
            w.WriteString("value", m.Value);
            w.WriteString("type", m.Type switch
            {
                Tsdb.Storage.MatchType.Equal => "=",
                Tsdb.Storage.MatchType.NotEqual => "!=",
                Tsdb.Storage.MatchType.Regex => "=~",
                _ => "!~",
            });
            w.WriteEndObject();
        }

        w.WriteEndArray();
        Timestamp(w, timestamp, startOrEnd);
    }

    private static void Timestamp(Utf8JsonWriter w, long? timestamp, StartOrEnd startOrEnd)
    {
        if (timestamp is { } t)
        {
            w.WriteNumber("timestamp", t);
        }
        else
        {
            w.WriteNull("timestamp");
        }

        if (startOrEnd == StartOrEnd.None)
        {
            w.WriteNull("startOrEnd");
        }
        else
        {
            w.WriteString("startOrEnd", startOrEnd == StartOrEnd.Start ? "start" : "end");
        }
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }
}
