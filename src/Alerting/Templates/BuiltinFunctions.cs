using System.Globalization;
using System.Text;

namespace Tsdb.Alerting.Templates;

/// <summary>Go text/template's predefined functions (funcs.go).</summary>
internal static class BuiltinFunctions
{
    /// <summary>and/or are evaluated lazily by the executor; these entries carry their arity and identity.</summary>
    public static readonly TemplateFunction And = new("and", 1, -1, static (_, a) => a[^1]);

    public static readonly TemplateFunction Or = new("or", 1, -1, static (_, a) => a[^1]);

    public static readonly TemplateFunctions Table = TemplateFunctions.From(
    [
        And,
        Or,
        new("not", 1, 1, static (_, a) => !GoValues.IsTrue(a[0])),
        new("len", 1, 1, static (_, a) => (long)Len(a[0])),
        new("index", 1, -1, static (_, a) => Index(a)),
        new("slice", 1, -1, static (_, a) => Slice(a)),
        new("print", 0, -1, static (_, a) => GoFormat.Sprint(a)),
        new("println", 0, -1, static (_, a) => GoFormat.Sprintln(a)),
        new("printf", 1, -1, static (_, a) => GoPrintf.Sprintf(Args.String(a, 0), a[1..])),
        new("eq", 1, -1, static (_, a) => Eq(a)),
        new("ne", 2, 2, static (_, a) => !Eq(a)),
        new("lt", 2, 2, static (_, a) => Less(a[0], a[1])),
        new("le", 2, 2, static (_, a) => Less(a[0], a[1]) || Eq(a)),
        new("gt", 2, 2, static (_, a) => !(Less(a[0], a[1]) || Eq(a))),
        new("ge", 2, 2, static (_, a) => !Less(a[0], a[1])),
        new("html", 0, -1, static (_, a) => HtmlEscape(EvalArgs(a))),
        new("js", 0, -1, static (_, a) => JsEscape(EvalArgs(a))),
        new("urlquery", 0, -1, static (_, a) => GoEscape.QueryEscape(EvalArgs(a))),
        new("call", 1, -1, static (_, a) => Call(a)),
    ]);

    private static string EvalArgs(object?[] a) => a.Length == 1 && a[0] is string s ? s : GoFormat.Sprint(a);

    private static int Len(object? v)
    {
        if (v is null)
        {
            throw new InvalidOperationException("len of untyped nil");
        }

        if (v is string || GoValues.IsMap(v) || GoValues.IsList(v))
        {
            return GoValues.Count(v);
        }

        throw new InvalidOperationException("len of type " + GoValues.TypeName(v));
    }

    private static object? Index(object?[] a)
    {
        var item = a[0];
        if (item is null)
        {
            throw new InvalidOperationException("index of untyped nil");
        }

        for (var i = 1; i < a.Length; i++)
        {
            var key = a[i];
            if (GoValues.IsMap(item))
            {
                if (key is not string k)
                {
                    throw new InvalidOperationException("value has type " + GoValues.TypeName(key) + "; should be string");
                }

                item = GoValues.MapIndex(item!, k, out _);
            }
            else if (item is string s)
            {
                var idx = IndexArg(key, s.Length);
                item = (long)(byte)s[idx];
            }
            else if (GoValues.IsList(item))
            {
                var list = GoValues.ToList(item!);
                item = list[IndexArg(key, list.Count)];
            }
            else if (item is null)
            {
                throw new InvalidOperationException("index of untyped nil");
            }
            else
            {
                throw new InvalidOperationException("can't index item of type " + GoValues.TypeName(item));
            }
        }

        return item;
    }

    private static int IndexArg(object? key, int length)
    {
        if (!GoValues.IsInteger(key))
        {
            throw new InvalidOperationException("cannot index slice/array with type " + GoValues.TypeName(key));
        }

        var x = GoValues.ToLong(key!);
        if (x < 0 || x >= length)
        {
            throw new InvalidOperationException("index out of range: " + x.ToString(CultureInfo.InvariantCulture));
        }

        return (int)x;
    }

    private static object? Slice(object?[] a)
    {
        var item = a[0] ?? throw new InvalidOperationException("slice of untyped nil");
        if (a.Length > 4)
        {
            throw new InvalidOperationException("too many slice indexes: " + (a.Length - 1).ToString(CultureInfo.InvariantCulture));
        }

        var length = item is string str ? str.Length : GoValues.IsList(item) ? GoValues.ToList(item).Count : throw new InvalidOperationException("can't slice item of type " + GoValues.TypeName(item));
        var idx = new[] { 0, length };
        for (var i = 1; i < a.Length && i <= 2; i++)
        {
            if (!GoValues.IsInteger(a[i]))
            {
                throw new InvalidOperationException("cannot index slice/array with type " + GoValues.TypeName(a[i]));
            }

            var x = GoValues.ToLong(a[i]!);
            if (x < 0 || x > length)
            {
                throw new InvalidOperationException("index out of range: " + x.ToString(CultureInfo.InvariantCulture));
            }

            idx[i - 1] = (int)x;
        }

        if (idx[0] > idx[1])
        {
            throw new InvalidOperationException("invalid slice index: " + idx[0].ToString(CultureInfo.InvariantCulture) + " > " + idx[1].ToString(CultureInfo.InvariantCulture));
        }

        return item is string s ? s[idx[0]..idx[1]] : GoValues.ToList(item).GetRange(idx[0], idx[1] - idx[0]);
    }

    private enum Kind : byte
    {
        Invalid,
        Bool,
        Int,
        Uint,
        Float,
        String,
        Other,
    }

    private static Kind BasicKind(object? v) => v switch
    {
        null => Kind.Invalid,
        bool => Kind.Bool,
        string => Kind.String,
        ulong or uint => Kind.Uint,
        TimeSpan => Kind.Int,
        _ when GoValues.IsInteger(v) => Kind.Int,
        _ when GoValues.IsFloat(v) => Kind.Float,
        _ => Kind.Other,
    };

    private static long IntOf(object v) => v is TimeSpan t ? t.Ticks * 100 : GoValues.ToLong(v);

    /// <summary>Go's eq: arg1 equals any of the others; int against float is an error.</summary>
    private static bool Eq(object?[] a)
    {
        if (a.Length < 2)
        {
            throw new InvalidOperationException("missing argument for comparison");
        }

        var a1 = a[0];
        var k1 = BasicKind(a1);
        for (var i = 1; i < a.Length; i++)
        {
            var b = a[i];
            var k2 = BasicKind(b);
            bool truth;
            if (k1 != k2)
            {
                if (k1 is Kind.Int or Kind.Uint && k2 is Kind.Int or Kind.Uint)
                {
                    truth = k1 == Kind.Int ? IntOf(a1!) >= 0 && (ulong)IntOf(a1!) == Convert.ToUInt64(b, CultureInfo.InvariantCulture) : IntOf(b!) >= 0 && (ulong)IntOf(b!) == Convert.ToUInt64(a1, CultureInfo.InvariantCulture);
                }
                else if (a1 is not null && b is not null)
                {
                    throw new InvalidOperationException("incompatible types for comparison");
                }
                else
                {
                    truth = false;
                }
            }
            else
            {
                truth = k1 switch
                {
                    Kind.Invalid => true,
                    Kind.Bool => (bool)a1! == (bool)b!,
                    Kind.Int => IntOf(a1!) == IntOf(b!),
                    Kind.Uint => Convert.ToUInt64(a1, CultureInfo.InvariantCulture) == Convert.ToUInt64(b, CultureInfo.InvariantCulture),
                    Kind.Float => GoValues.ToDouble(a1!) == GoValues.ToDouble(b!),
                    Kind.String => string.Equals((string)a1!, (string)b!, StringComparison.Ordinal),
                    _ => ReferenceEquals(a1, b) || Equals(a1, b),
                };
            }

            if (truth)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Less(object? a, object? b)
    {
        var k1 = BasicKind(a);
        var k2 = BasicKind(b);
        if (k1 is Kind.Invalid or Kind.Bool or Kind.Other || k2 is Kind.Invalid or Kind.Bool or Kind.Other)
        {
            throw new InvalidOperationException("invalid type for comparison");
        }

        if (k1 != k2)
        {
            if (k1 is Kind.Int or Kind.Uint && k2 is Kind.Int or Kind.Uint)
            {
                return k1 == Kind.Int
                    ? IntOf(a!) < 0 || (ulong)IntOf(a!) < Convert.ToUInt64(b, CultureInfo.InvariantCulture)
                    : IntOf(b!) >= 0 && Convert.ToUInt64(a, CultureInfo.InvariantCulture) < (ulong)IntOf(b!);
            }

            throw new InvalidOperationException("incompatible types for comparison");
        }

        return k1 switch
        {
            Kind.Int => IntOf(a!) < IntOf(b!),
            Kind.Uint => Convert.ToUInt64(a, CultureInfo.InvariantCulture) < Convert.ToUInt64(b, CultureInfo.InvariantCulture),
            Kind.Float => GoValues.ToDouble(a!) < GoValues.ToDouble(b!),
            _ => string.CompareOrdinal((string)a!, (string)b!) < 0,
        };
    }

    private static object? Call(object?[] a)
    {
        return a[0] switch
        {
            null => throw new InvalidOperationException("call of nil"),
            TemplateMethod m => m(a[1..]),
            Func<object?[], object?> f => f(a[1..]),
            _ => throw new InvalidOperationException("non-function of type " + GoValues.TypeName(a[0])),
        };
    }

    /// <summary>Go's template.HTMLEscapeString.</summary>
    public static string HtmlEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "&#34;",
                '\'' => "&#39;",
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '\0' => "\uFFFD",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    /// <summary>Go's template.JSEscapeString.</summary>
    public static string JsEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var r in s.EnumerateRunes())
        {
            var v = r.Value;
            switch (v)
            {
                case '\\': sb.Append("\\\\"); continue;
                case '\'': sb.Append("\\'"); continue;
                case '"': sb.Append("\\\""); continue;
                case '<': sb.Append("\\u003C"); continue;
                case '>': sb.Append("\\u003E"); continue;
                case '&': sb.Append("\\u0026"); continue;
                case '=': sb.Append("\\u003D"); continue;
            }

            if (v < ' ')
            {
                sb.Append("\\u00").Append(v.ToString("X2", CultureInfo.InvariantCulture));
            }
            else if (v >= 0x80 && !GoFormat.IsPrint(r))
            {
                sb.Append("\\u").Append(v.ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(r.ToString());
            }
        }

        return sb.ToString();
    }
}
