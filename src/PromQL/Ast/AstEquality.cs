using Tsdb.Storage;

namespace Tsdb.PromQL.Ast;

/// <summary>
/// Structural equality of expression trees that ignores positions. Matchers of a selector compare as
/// a set (the printer sorts them); an empty and an absent label list compare equal; NaN literals are
/// equal to each other.
/// </summary>
public sealed class AstEquality : IEqualityComparer<Expr>
{
    public static AstEquality Instance { get; } = new();

    public bool Equals(Expr? x, Expr? y) => AreEqual(x, y);

    public int GetHashCode(Expr obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj switch
        {
            NumberLiteral n => n.Value.GetHashCode(),
            StringLiteral s => s.Value.GetHashCode(StringComparison.Ordinal),
            VectorSelector v => HashCode.Combine(v.Name, v.Matchers.Count, v.OriginalOffset),
            Call c => HashCode.Combine(c.Func.Name, c.Args.Count),
            _ => HashCode.Combine(obj.GetType(), obj.Type),
        };
    }

    /// <summary>Whether two trees are structurally equal, positions ignored.</summary>
    public static bool AreEqual(Expr? x, Expr? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.GetType() != y.GetType())
        {
            return false;
        }

        return (x, y) switch
        {
            (NumberLiteral a, NumberLiteral b) => a.Value.Equals(b.Value),
            (StringLiteral a, StringLiteral b) => string.Equals(a.Value, b.Value, StringComparison.Ordinal),
            (ParenExpr a, ParenExpr b) => AreEqual(a.Expr, b.Expr),
            (UnaryExpr a, UnaryExpr b) => a.Op == b.Op && AreEqual(a.Expr, b.Expr),
            (VectorSelector a, VectorSelector b) => SelectorEqual(a, b),
            (MatrixSelector a, MatrixSelector b) => a.Range == b.Range && SelectorEqual(a.VectorSelector, b.VectorSelector),
            (SubqueryExpr a, SubqueryExpr b) => a.Range == b.Range && a.Step == b.Step && a.OriginalOffset == b.OriginalOffset
                && a.Timestamp == b.Timestamp && a.StartOrEnd == b.StartOrEnd && AreEqual(a.Expr, b.Expr),
            (Call a, Call b) => a.Func.Name == b.Func.Name && ListEqual(a.Args, b.Args),
            (AggregateExpr a, AggregateExpr b) => a.Op == b.Op && a.Without == b.Without && StringsEqual(a.Grouping, b.Grouping)
                && AreEqual(a.Param, b.Param) && AreEqual(a.Expr, b.Expr),
            (BinaryExpr a, BinaryExpr b) => a.Op == b.Op && a.ReturnBool == b.ReturnBool && MatchingEqual(a.Matching, b.Matching)
                && AreEqual(a.Lhs, b.Lhs) && AreEqual(a.Rhs, b.Rhs),
            _ => false,
        };
    }

    /// <summary>Whether two vector matchings are equal (null equals null only).</summary>
    public static bool MatchingEqual(VectorMatching? a, VectorMatching? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return a.Card == b.Card && a.On == b.On && StringsEqual(a.MatchingLabels, b.MatchingLabels) && StringsEqual(a.Include, b.Include);
    }

    private static bool SelectorEqual(VectorSelector a, VectorSelector b) =>
        a.Name == b.Name && a.OriginalOffset == b.OriginalOffset && a.Timestamp == b.Timestamp && a.StartOrEnd == b.StartOrEnd
        && MatchersEqual(a.Matchers, b.Matchers);

    private static bool MatchersEqual(IReadOnlyList<Matcher> a, IReadOnlyList<Matcher> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        var left = Sorted(a);
        var right = Sorted(b);
        for (var i = 0; i < left.Length; i++)
        {
            if (left[i].Type != right[i].Type || left[i].Name != right[i].Name || left[i].Value != right[i].Value)
            {
                return false;
            }
        }

        return true;
    }

    private static Matcher[] Sorted(IReadOnlyList<Matcher> ms)
    {
        var arr = ms.ToArray();
        Array.Sort(arr, static (x, y) =>
        {
            var c = string.CompareOrdinal(x.Name, y.Name);
            if (c != 0)
            {
                return c;
            }

            c = x.Type.CompareTo(y.Type);
            return c != 0 ? c : string.CompareOrdinal(x.Value, y.Value);
        });
        return arr;
    }

    private static bool ListEqual(IReadOnlyList<Expr> a, IReadOnlyList<Expr> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!AreEqual(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool StringsEqual(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
    {
        var na = a?.Count ?? 0;
        var nb = b?.Count ?? 0;
        if (na != nb)
        {
            return false;
        }

        for (var i = 0; i < na; i++)
        {
            if (!string.Equals(a![i], b![i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
