using System.Globalization;
using Tsdb.PromQL.Ast;
using Tsdb.Storage;

namespace Tsdb.PromQL.Tests.Parser;

/// <summary>Short constructors for expected trees, and an S-expression view for precedence tests.</summary>
internal static class A
{
    public static readonly IReadOnlyList<string> None = [];

    public static NumberLiteral Num(double v) => new(v);

    public static StringLiteral Str(string v) => new(v);

    public static Matcher Eq(string n, string v) => Matcher.Equal(n, v);

    public static VectorSelector Vs(string name, params Matcher[] matchers) =>
        new(name, [.. matchers, Matcher.Equal("__name__", name)]);

    public static VectorSelector Sel(params Matcher[] matchers) => new(null, matchers);

    public static VectorMatching OneToOne { get; } = new(Cardinality.OneToOne, None, false, None);

    public static VectorMatching ManyToMany { get; } = new(Cardinality.ManyToMany, None, false, None);

    public static VectorMatching On(Cardinality card, string[] labels, params string[] include) => new(card, labels, true, include);

    public static VectorMatching Ignoring(Cardinality card, string[] labels, params string[] include) => new(card, labels, false, include);

    public static BinaryExpr Bin(BinaryOp op, Expr l, Expr r, VectorMatching? m = null, bool returnBool = false) => new(op, l, r, returnBool, m);

    public static Call Fn(string name, params Expr[] args) => new(global::Tsdb.PromQL.Ast.Functions.Get(name), args);

    public static AggregateExpr Agg(AggregationOp op, Expr e, Expr? param = null, string[]? by = null, bool without = false) =>
        new(op, e, param, by ?? [], without);

    /// <summary>Fully parenthesized structure, ParenExpr transparent: <c>(+ a (* b c))</c>.</summary>
    public static string Shape(Expr e) => e switch
    {
        NumberLiteral n => n.Value.ToString(CultureInfo.InvariantCulture),
        StringLiteral s => "\"" + s.Value + "\"",
        VectorSelector v => v.Name ?? "{}",
        ParenExpr p => Shape(p.Expr),
        UnaryExpr u => "(" + (u.Op == UnaryOp.Sub ? "neg" : "pos") + " " + Shape(u.Expr) + ")",
        BinaryExpr b => "(" + b.Op.Symbol() + " " + Shape(b.Lhs) + " " + Shape(b.Rhs) + ")",
        MatrixSelector m => Shape(m.VectorSelector) + "[]",
        SubqueryExpr s => Shape(s.Expr) + "[:]",
        Call c => c.Func.Name + "(" + string.Join(" ", c.Args.Select(Shape)) + ")",
        AggregateExpr a => a.Op.Name() + "(" + (a.Param is null ? "" : Shape(a.Param) + " ") + Shape(a.Expr) + ")",
        _ => "?",
    };
}
