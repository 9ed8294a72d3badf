using System.Globalization;
using System.Runtime.CompilerServices;
using Tsdb.PromQL.Ast;
using ValueType = Tsdb.PromQL.Ast.ValueType;

namespace Tsdb.PromQL.Parser;

/// <summary>
/// Prometheus's <c>checkAST</c>: type checks after a successful parse, in the same order so that the
/// first error reported is the same. Also normalizes vector matching (many-to-many for set operators,
/// none when a side is not an instant vector).
/// </summary>
internal static class TypeChecker
{
    public static void Check(Expr e) => CheckNode(e, bypassEmptyMatcherCheck: false);

    private static ValueType CheckNode(Expr node, bool bypassEmptyMatcherCheck)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node)
        {
            case AggregateExpr a:
                ExpectType(a.Expr, ValueType.Vector, "aggregation expression");
                if (a.Op is AggregationOp.Topk or AggregationOp.Bottomk or AggregationOp.Quantile or AggregationOp.Limitk or AggregationOp.LimitRatio)
                {
                    ExpectType(a.Param!, ValueType.Scalar, "aggregation parameter");
                }

                if (a.Op == AggregationOp.CountValues)
                {
                    ExpectType(a.Param!, ValueType.String, "aggregation parameter");
                }

                break;
            case BinaryExpr b:
                CheckBinary(b);
                break;
            case Call c:
                CheckCall(c);
                break;
            case ParenExpr p:
                CheckNode(p.Expr, false);
                break;
            case UnaryExpr u:
                {
                    var t = CheckNode(u.Expr, false);
                    if (t is not (ValueType.Scalar or ValueType.Vector))
                    {
                        Fail(u, "unary expression only allowed on expressions of type scalar or instant vector, got " + GoStrings.Quote(t.DocumentedName()));
                    }

                    break;
                }

            case SubqueryExpr s:
                {
                    var t = CheckNode(s.Expr, false);
                    if (t != ValueType.Vector)
                    {
                        Fail(s, "subquery is only allowed on instant vector, got " + t.Name() + " instead");
                    }

                    break;
                }

            case MatrixSelector m:
                CheckNode(m.VectorSelector, false);
                break;
            case VectorSelector v:
                CheckSelector(v, bypassEmptyMatcherCheck);
                break;
        }

        return node.Type;
    }

    private static void ExpectType(Expr node, ValueType want, string context)
    {
        var t = CheckNode(node, false);
        if (t != want)
        {
            Fail(node, $"expected type {want.DocumentedName()} in {context}, got {t.DocumentedName()}");
        }
    }

    private static void CheckBinary(BinaryExpr b)
    {
        var lt = CheckNode(b.Lhs, false);
        var rt = CheckNode(b.Rhs, false);
        var opPos = b.OperatorPosition;
        if (b.ReturnBool && !b.Op.IsComparison())
        {
            throw new ParseFailure(opPos, "bool modifier can only be used on comparison operators");
        }

        if (b.Op.IsComparison() && !b.ReturnBool && lt == ValueType.Scalar && rt == ValueType.Scalar)
        {
            throw new ParseFailure(opPos, "comparisons between scalars must use BOOL modifier");
        }

        var vm = b.Matching;
        if (vm is not null)
        {
            if (b.Op.IsSetOperator() && vm.Card == Cardinality.OneToOne)
            {
                vm = new VectorMatching(Cardinality.ManyToMany, vm.MatchingLabels, vm.On, vm.Include);
            }

            if (vm.On)
            {
                foreach (var l1 in vm.MatchingLabels)
                {
                    foreach (var l2 in vm.Include)
                    {
                        if (l1 == l2)
                        {
                            throw new ParseFailure(opPos, $"label {GoStrings.Quote(l1)} must not occur in ON and GROUP clause at once");
                        }
                    }
                }
            }
        }

        if (lt is not (ValueType.Scalar or ValueType.Vector))
        {
            Fail(b.Lhs, "binary expression must contain only scalar and instant vector types");
        }

        if (rt is not (ValueType.Scalar or ValueType.Vector))
        {
            Fail(b.Rhs, "binary expression must contain only scalar and instant vector types");
        }

        if (vm is not null)
        {
            if (lt != ValueType.Vector || rt != ValueType.Vector)
            {
                if (vm.MatchingLabels.Count > 0)
                {
                    Fail(b, "vector matching only allowed between instant vectors");
                }

                vm = null;
            }
            else if (b.Op.IsSetOperator())
            {
                if (vm.Card is Cardinality.OneToMany or Cardinality.ManyToOne)
                {
                    Fail(b, $"no grouping allowed for {GoStrings.Quote(b.Op.Symbol())} operation");
                }

                if (vm.Card != Cardinality.ManyToMany)
                {
                    Fail(b, "set operations must always be many-to-many");
                }
            }
        }

        if ((lt == ValueType.Scalar || rt == ValueType.Scalar) && b.Op.IsSetOperator())
        {
            Fail(b, $"set operator {GoStrings.Quote(b.Op.Symbol())} not allowed in binary scalar expression");
        }

        b.Matching = vm;
    }

    private static void CheckCall(Call c)
    {
        var f = c.Func;
        var n = c.Args.Count;
        var nargs = f.ArgTypes.Count;
        var name = GoStrings.Quote(f.Name);
        if (f.Variadic == 0)
        {
            if (nargs != n)
            {
                Fail(c, string.Create(CultureInfo.InvariantCulture, $"expected {nargs} argument(s) in call to {name}, got {n}"));
            }
        }
        else
        {
            var na = nargs - 1;
            if (na > n)
            {
                Fail(c, string.Create(CultureInfo.InvariantCulture, $"expected at least {na} argument(s) in call to {name}, got {n}"));
            }
            else if (f.Variadic > 0 && na + f.Variadic < n)
            {
                Fail(c, string.Create(CultureInfo.InvariantCulture, $"expected at most {na + f.Variadic} argument(s) in call to {name}, got {n}"));
            }
        }

        VectorSelector? bypass = null;
        if (f.Name == "info" && n > 1)
        {
            var second = c.Args[1];
            if (second.Type != ValueType.Vector)
            {
                Fail(c, $"expected type {ValueType.Vector.DocumentedName()} in call to function {name}, got {second.Type.DocumentedName()}");
            }

            if (second is VectorSelector vs)
            {
                if (vs.Name is not null)
                {
                    Fail(second, "expected label selectors only, got vector selector instead");
                }

                bypass = vs;
            }
            else
            {
                Fail(second, "expected label selectors only");
            }
        }

        for (var i = 0; i < n; i++)
        {
            var idx = i;
            if (i >= nargs)
            {
                if (f.Variadic == 0)
                {
                    break;
                }

                idx = nargs - 1;
            }

            var arg = c.Args[i];
            var t = CheckNode(arg, ReferenceEquals(arg, bypass));
            if (t != f.ArgTypes[idx])
            {
                Fail(arg, $"expected type {f.ArgTypes[idx].DocumentedName()} in call to function {name}, got {t.DocumentedName()}");
            }
        }
    }

    private static void CheckSelector(VectorSelector v, bool bypassEmptyMatcherCheck)
    {
        if (v.Name is not null)
        {
            // The last matcher is the one implied by the name; any other __name__ matcher sets it twice.
            for (var i = 0; i < v.Matchers.Count - 1; i++)
            {
                var m = v.Matchers[i];
                if (m.Name == "__name__")
                {
                    Fail(v, $"metric name must not be set twice: {GoStrings.Quote(v.Name)} or {GoStrings.Quote(m.Value)}");
                }
            }

            return;
        }

        if (bypassEmptyMatcherCheck)
        {
            return;
        }

        foreach (var m in v.Matchers)
        {
            if (!m.MatchesEmpty)
            {
                return;
            }
        }

        Fail(v, "vector selector must contain at least one non-empty matcher");
    }

    private static void Fail(Expr at, string message) => throw new ParseFailure(at.PositionRange.Start, message);
}
