using FsCheck;
using FsCheck.Fluent;
using Tsdb.PromQL.Ast;
using Tsdb.PromQL.Parser;
using Tsdb.Storage;
using ValueType = Tsdb.PromQL.Ast.ValueType;

namespace Tsdb.PromQL.Tests.Parser;

/// <summary>A generated, well-typed expression tree; shown as its printed form.</summary>
public sealed class GeneratedExpr(Expr expr)
{
    public Expr Expr { get; } = expr;

    public override string ToString() => PromQLPrinter.Print(Expr);
}

/// <summary>
/// A small recursive generator of valid expression trees of every node type. It adds the
/// parentheses a parsed tree would have (operands that are binary expressions, unary operands of
/// <c>^</c>, subqueries of non-primary expressions), since the printer reproduces the tree as is.
/// </summary>
public static class AstGen
{
    private static readonly string[] MetricNames = ["foo", "http_requests_total", "foo:bar:rate5m", "sum", "by", "offset", "and", "start", "Up"];
    private static readonly string[] LabelNames = ["job", "instance", "le", "by", "on", "sum", "a_b", "service.name", "foo bar", "ünï", "_x9"];
    private static readonly string[] Values = ["", "api", "a\"b", "back\\slash", "tab\there", "☺", "\u00a0nbsp", "new\nline", "x y", "🙂"];
    private static readonly string[] Regexes = ["a|b", ".+", "foo.*", "x\\d+", "api|web", "[a-z]+"];
    private static readonly double[] SpecialNumbers = [0, 1, -1, 0.5, 1e-7, 1.5e300, -2.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 12345.678];

    private static readonly FunctionInfo[] VectorFunctions = global::Tsdb.PromQL.Ast.Functions.All.Values.Where(f => f.ReturnType == ValueType.Vector && f.Name != "info").OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
    private static readonly FunctionInfo[] ScalarFunctions = global::Tsdb.PromQL.Ast.Functions.All.Values.Where(f => f.ReturnType == ValueType.Scalar).OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();

    public static Arbitrary<GeneratedExpr> Expr() =>
        Arb.From(Gen.Sized(size => Any(Math.Min(4, 1 + (size / 25)))).Select(e => new GeneratedExpr(e)));

    private static Gen<Expr> Any(int depth) => Gen.Frequency(
        (5, Vector(depth)),
        (2, Scalar(depth)),
        (2, Matrix(depth)),
        (1, Str()));

    private static Gen<Expr> Str() => Gen.Elements(Values).Select(v => (Expr)new StringLiteral(v));

    private static Gen<double> Number() => Gen.Frequency(
        (3, Gen.Elements(SpecialNumbers)),
        (3, Gen.Choose(0, 100000).Select(i => (double)i)),
        (2, Gen.Choose(-1000000, 1000000).Select(i => i / 1000.0)),
        (1, Gen.Choose(int.MinValue, int.MaxValue).Select(i => BitConverter.Int64BitsToDouble(((long)i << 32) ^ 0x3ff0_0000_0000_0000L))));

    private static Gen<long> Millis() => Gen.Frequency(
        (3, Gen.Elements(1000L, 15_000L, 60_000L, 300_000L, 3_600_000L, 86_400_000L, 604_800_000L, 31_536_000_000L)),
        (2, Gen.Choose(1, 100_000_000).Select(i => (long)i)));

    private static Gen<Matcher> AnyMatcher() => Gen.OneOf(
        from n in Gen.Elements(LabelNames)
        from v in Gen.Elements(Values)
        from neq in Gen.Elements(false, true)
        select neq ? Matcher.NotEqual(n, v) : Matcher.Equal(n, v),
        from n in Gen.Elements(LabelNames)
        from v in Gen.Elements(Regexes)
        from neg in Gen.Elements(false, true)
        select neg ? Matcher.NotRegex(n, v) : Matcher.Regex(n, v));

    private static Gen<VectorSelector> Selector() =>
        from named in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from name in Gen.Elements(MetricNames)
        from extra in Gen.ListOf(AnyMatcher()).Select(l => l.Take(3).ToList())
        from offset in Gen.Frequency((3, Gen.Constant(0L)), (1, Millis()), (1, Millis().Select(m => -m)))
        from at in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)), (1, Gen.Constant(3)))
        from ts in Gen.Choose(-1_000_000_000, 2_000_000_000).Select(s => s * 1000L + 123)
        select MakeSelector(named ? name : null, extra, offset, at, ts);

    private static VectorSelector MakeSelector(string? name, List<Matcher> extra, long offset, int at, long ts)
    {
        var ms = new List<Matcher>(extra);
        if (name is null)
        {
            // A selector without a name needs a matcher that does not match the empty string.
            ms.Add(Matcher.Equal("__name__", "quoted.name"));
        }
        else
        {
            ms.Add(Matcher.Equal("__name__", name));
        }

        return new VectorSelector(name, ms, offset, at == 1 ? ts : null, at == 2 ? StartOrEnd.Start : at == 3 ? StartOrEnd.End : StartOrEnd.None);
    }

    private static Gen<Expr> Vector(int depth)
    {
        var leaf = Selector().Select(v => (Expr)v);
        if (depth <= 0)
        {
            return leaf;
        }

        var d = depth - 1;
        return Gen.Frequency(
            (3, leaf),
            (2, Call(VectorFunctions, d)),
            (2, Aggregate(d)),
            (2, Binary(d, vectorResult: true)),
            (1, Vector(d).Select(e => (Expr)new UnaryExpr(UnaryOp.Sub, Operand(e)))),
            (1, Vector(d).Select(e => (Expr)new ParenExpr(e))));
    }

    private static Gen<Expr> Scalar(int depth)
    {
        var leaf = Number().Select(v => (Expr)new NumberLiteral(v));
        if (depth <= 0)
        {
            return leaf;
        }

        var d = depth - 1;
        return Gen.Frequency(
            (3, leaf),
            (1, Call(ScalarFunctions, d)),
            (2, Binary(d, vectorResult: false)),
            (1, Scalar(d).Select(e => (Expr)new UnaryExpr(UnaryOp.Add, e is NumberLiteral ? new ParenExpr(e) : Operand(e)))),
            (1, Scalar(d).Select(e => (Expr)new ParenExpr(e))));
    }

    private static Gen<Expr> Matrix(int depth)
    {
        var ms = from vs in Selector() from r in Millis() select (Expr)new MatrixSelector(vs, r);
        if (depth <= 0)
        {
            return ms;
        }

        return Gen.OneOf(ms,
            from e in Vector(depth - 1)
            from r in Millis()
            from step in Gen.Frequency((1, Gen.Constant(0L)), (2, Millis()))
            from offset in Gen.Frequency((2, Gen.Constant(0L)), (1, Millis()), (1, Millis().Select(m => -m)))
            from at in Gen.Choose(0, 3)
            select (Expr)new SubqueryExpr(Primary(e), r, step, offset, at == 1 ? 1_600_000_000_000L : null,
                at == 2 ? StartOrEnd.Start : at == 3 ? StartOrEnd.End : StartOrEnd.None));
    }

    private static Gen<Expr> ArgOf(ValueType t, int depth) => t switch
    {
        ValueType.Vector => Vector(depth),
        ValueType.Matrix => Matrix(depth),
        ValueType.Scalar => Scalar(depth),
        _ => Str(),
    };

    private static Gen<Expr> Call(FunctionInfo[] candidates, int depth) =>
        from f in Gen.Elements(candidates)
        from extra in Gen.Choose(0, 2)
        let n = f.MaxArgs < 0 ? f.MinArgs + extra : Math.Min(f.MaxArgs, f.MinArgs + extra)
        from args in Sequence(Enumerable.Range(0, n).Select(i => ArgOf(f.ArgTypes[Math.Min(i, f.ArgTypes.Count - 1)], depth)))
        select (Expr)new Call(f, args);

    private static Gen<Expr> Aggregate(int depth) =>
        from op in Gen.Elements(Enum.GetValues<AggregationOp>())
        from e in Vector(depth)
        from param in op == AggregationOp.CountValues ? Str() : Scalar(depth)
        from labels in Gen.SubListOf(LabelNames)
        from without in Gen.Elements(false, true)
        select (Expr)new AggregateExpr(op, e, op.HasParam() ? param : null, labels.ToList(), without);

    private static Gen<Expr> Binary(int depth, bool vectorResult)
    {
        var arithmetic = new[] { BinaryOp.Add, BinaryOp.Sub, BinaryOp.Mul, BinaryOp.Div, BinaryOp.Mod, BinaryOp.Pow, BinaryOp.Atan2 };
        var comparison = new[] { BinaryOp.Eql, BinaryOp.Neq, BinaryOp.Gtr, BinaryOp.Lss, BinaryOp.Gte, BinaryOp.Lte };
        if (!vectorResult)
        {
            return from op in Gen.Elements(arithmetic.Concat(comparison).ToArray())
                   from l in Scalar(depth)
                   from r in Scalar(depth)
                   select MakeBinary(op, l, r, op.IsComparison(), null);
        }

        var vectorVector =
            from op in Gen.Elements(arithmetic.Concat(comparison).Concat([BinaryOp.And, BinaryOp.Or, BinaryOp.Unless]).ToArray())
            from l in Vector(depth)
            from r in Vector(depth)
            from returnBool in Gen.Elements(false, true)
            from isOn in Gen.Elements(false, true)
            from labels in Gen.SubListOf(LabelNames)
            from card in Gen.Elements(Cardinality.OneToOne, Cardinality.ManyToOne, Cardinality.OneToMany)
            from include in Gen.SubListOf(LabelNames)
            let setOp = op.IsSetOperator()
            let c = setOp ? Cardinality.ManyToMany : card
            let inc = c is Cardinality.ManyToOne or Cardinality.OneToMany ? include.Where(x => !isOn || !labels.Contains(x)).ToList() : new List<string>()
            select MakeBinary(op, l, r, returnBool && op.IsComparison(), new VectorMatching(c, labels.ToList(), isOn, inc));
        var vectorScalar =
            from op in Gen.Elements(arithmetic.Concat(comparison).ToArray())
            from v in Vector(depth)
            from s in Scalar(depth)
            from swap in Gen.Elements(false, true)
            from returnBool in Gen.Elements(false, true)
            select swap ? MakeBinary(op, s, v, returnBool && op.IsComparison(), null) : MakeBinary(op, v, s, returnBool && op.IsComparison(), null);
        return Gen.OneOf(vectorVector, vectorScalar);
    }

    private static Expr MakeBinary(BinaryOp op, Expr l, Expr r, bool returnBool, VectorMatching? matching)
    {
        l = Operand(l);
        r = Operand(r);
        if (op == BinaryOp.Pow && (l is UnaryExpr || (l is NumberLiteral n && PromQLPrinter.Print(n)[0] is '-' or '+')))
        {
            l = new ParenExpr(l);
        }

        return new BinaryExpr(op, l, r, returnBool, matching);
    }

    /// <summary>Binary expressions as operands get parentheses, as in any parsed tree.</summary>
    private static Expr Operand(Expr e) => e is BinaryExpr ? new ParenExpr(e) : e;

    /// <summary>Postfix modifiers need a primary expression before them.</summary>
    private static Expr Primary(Expr e) => e is BinaryExpr or UnaryExpr ? new ParenExpr(e) : e;

    private static Gen<List<Expr>> Sequence(IEnumerable<Gen<Expr>> gens)
    {
        var result = Gen.Constant(new List<Expr>());
        foreach (var g in gens)
        {
            var gen = g;
            result = from list in result from e in gen select new List<Expr>(list) { e };
        }

        return result;
    }
}
