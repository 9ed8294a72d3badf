using Tsdb.PromQL.Ast;
using Tsdb.Storage;

namespace Tsdb.PromQL;

/// <summary>Binary operators: scalar/scalar, vector/scalar, vector/vector with matching, set operators.</summary>
internal sealed partial class Evaluator
{
    private EvalValue EvalBinary(BinaryExpr b, Grid grid)
    {
        var lhs = Eval(b.Lhs, grid);
        var rhs = Eval(b.Rhs, grid);
        switch (lhs, rhs)
        {
            case (ScalarSteps l, ScalarSteps r):
            {
                for (var i = 0; i < l.Values.Length; i++)
                {
                    var (v, keep) = ElemBinop(b.Op, l.Values[i], r.Values[i]);
                    l.Values[i] = b.Op.IsComparison() ? (keep ? 1 : 0) : v;
                }

                return l;
            }

            case (VectorSteps l, ScalarSteps r):
                return VectorScalar(b, l, r, false);
            case (ScalarSteps l, VectorSteps r):
                return VectorScalar(b, r, l, true);
            case (VectorSteps l, VectorSteps r):
            {
                var result = VectorVector(b, l, r);
                ReleaseSamples(l.Total + r.Total);
                AddSamples(result.Total);
                return result;
            }

            default:
                throw new PromQLException(PromQLErrorType.Execution, $"invalid operand types for binary operator {b.Op.Symbol()}");
        }
    }

    private static VectorSteps VectorScalar(BinaryExpr b, VectorSteps vec, ScalarSteps scalar, bool swap)
    {
        var comparison = b.Op.IsComparison();
        var dropAll = b.ReturnBool || !comparison;
        for (var i = 0; i < vec.Steps.Length; i++)
        {
            var step = vec.Steps[i];
            var sv = scalar.Values[i];
            var w = 0;
            for (var k = 0; k < step.Count; k++)
            {
                var e = step[k];
                var (lv, rv) = swap ? (sv, e.V) : (e.V, sv);
                var (v, keep) = ElemBinop(b.Op, lv, rv);
                if (comparison && swap)
                {
                    v = rv;
                }

                if (b.ReturnBool)
                {
                    v = keep ? 1 : 0;
                    keep = true;
                }

                if (!keep)
                {
                    continue;
                }

                step[w++] = new Samp(e.Metric, v, e.DropName || dropAll);
            }

            step.RemoveRange(w, step.Count - w);
        }

        return vec;
    }

    /// <summary>Prometheus's vectorElemBinop: the value and, for comparisons, whether the element is kept.</summary>
    internal static (double Value, bool Keep) ElemBinop(BinaryOp op, double l, double r) => op switch
    {
        BinaryOp.Add => (l + r, true),
        BinaryOp.Sub => (l - r, true),
        BinaryOp.Mul => (l * r, true),
        BinaryOp.Div => (l / r, true),
        BinaryOp.Pow => (Math.Pow(l, r), true),
        BinaryOp.Mod => (l % r, true),
        BinaryOp.Atan2 => (Math.Atan2(l, r), true),
        BinaryOp.Eql => (l, l == r),
        BinaryOp.Neq => (l, l != r),
        BinaryOp.Gtr => (l, l > r),
        BinaryOp.Lss => (l, l < r),
        BinaryOp.Gte => (l, l >= r),
        BinaryOp.Lte => (l, l <= r),
        _ => throw new PromQLException(PromQLErrorType.Execution, $"operator {op.Symbol()} not allowed for scalar operations"),
    };

    private VectorSteps VectorVector(BinaryExpr b, VectorSteps lhs, VectorSteps rhs)
    {
        var matching = b.Matching ?? new VectorMatching(
            b.Op.IsSetOperator() ? Cardinality.ManyToMany : Cardinality.OneToOne, [], false, []);
        var sigCache = new Dictionary<Labels, Labels>();
        var resultCache = new Dictionary<(Labels, Labels), Labels>();
        var outSteps = new List<Samp>[lhs.Steps.Length];
        for (var i = 0; i < outSteps.Length; i++)
        {
            CheckCancellation();
            outSteps[i] = b.Op switch
            {
                BinaryOp.And => And(lhs.Steps[i], rhs.Steps[i], matching, sigCache),
                BinaryOp.Or => Or(lhs.Steps[i], rhs.Steps[i], matching, sigCache),
                BinaryOp.Unless => Unless(lhs.Steps[i], rhs.Steps[i], matching, sigCache),
                _ => Binop(b, lhs.Steps[i], rhs.Steps[i], matching, sigCache, resultCache),
            };
        }

        return new VectorSteps(outSteps);
    }

    private static Labels Signature(Labels metric, VectorMatching m, Dictionary<Labels, Labels> cache)
    {
        if (cache.TryGetValue(metric, out var sig))
        {
            return sig;
        }

        var lb = new LabelsBuilder(metric);
        if (m.On)
        {
            lb.Keep([.. m.MatchingLabels]);
        }
        else
        {
            lb.Delete([.. m.MatchingLabels, Label.MetricName]);
        }

        sig = lb.Build();
        cache[metric] = sig;
        return sig;
    }

    private static List<Samp> And(List<Samp> lhs, List<Samp> rhs, VectorMatching m, Dictionary<Labels, Labels> cache)
    {
        var result = new List<Samp>();
        if (lhs.Count == 0 || rhs.Count == 0)
        {
            return result;
        }

        var right = new HashSet<Labels>();
        foreach (var r in rhs)
        {
            right.Add(Signature(r.Metric, m, cache));
        }

        foreach (var l in lhs)
        {
            if (right.Contains(Signature(l.Metric, m, cache)))
            {
                result.Add(l);
            }
        }

        return result;
    }

    private static List<Samp> Or(List<Samp> lhs, List<Samp> rhs, VectorMatching m, Dictionary<Labels, Labels> cache)
    {
        var result = new List<Samp>(lhs.Count + rhs.Count);
        var left = new HashSet<Labels>();
        foreach (var l in lhs)
        {
            left.Add(Signature(l.Metric, m, cache));
            result.Add(l);
        }

        foreach (var r in rhs)
        {
            if (!left.Contains(Signature(r.Metric, m, cache)))
            {
                result.Add(r);
            }
        }

        return result;
    }

    private static List<Samp> Unless(List<Samp> lhs, List<Samp> rhs, VectorMatching m, Dictionary<Labels, Labels> cache)
    {
        var result = new List<Samp>();
        var right = new HashSet<Labels>();
        foreach (var r in rhs)
        {
            right.Add(Signature(r.Metric, m, cache));
        }

        foreach (var l in lhs)
        {
            if (!right.Contains(Signature(l.Metric, m, cache)))
            {
                result.Add(l);
            }
        }

        return result;
    }

    private static List<Samp> Binop(BinaryExpr b, List<Samp> lhs, List<Samp> rhs, VectorMatching m,
        Dictionary<Labels, Labels> sigCache, Dictionary<(Labels, Labels), Labels> resultCache)
    {
        var result = new List<Samp>();
        if (lhs.Count == 0 || rhs.Count == 0)
        {
            return result;
        }

        var oneToMany = m.Card == Cardinality.OneToMany;
        if (oneToMany)
        {
            (lhs, rhs) = (rhs, lhs);
        }

        var rightSigs = new Dictionary<Labels, Samp>();
        foreach (var rs in rhs)
        {
            var sig = Signature(rs.Metric, m, sigCache);
            if (rightSigs.TryGetValue(sig, out var dupl))
            {
                var side = oneToMany ? "left" : "right";
                throw new PromQLException(PromQLErrorType.Execution,
                    $"found duplicate series for the match group {MatchLabels(rs.Metric, m)} on the {side} hand-side of the operation: " +
                    $"[{dupl.Metric}, {rs.Metric}];many-to-many matching not allowed: matching labels must be unique on one side");
            }

            rightSigs[sig] = rs;
        }

        if (m.Card == Cardinality.OneToOne)
        {
            var leftSigs = new Dictionary<Labels, Samp>();
            foreach (var ls in lhs)
            {
                var sig = Signature(ls.Metric, m, sigCache);
                if (!rightSigs.ContainsKey(sig))
                {
                    continue;
                }

                if (leftSigs.TryGetValue(sig, out var dupl))
                {
                    throw new PromQLException(PromQLErrorType.Execution,
                        $"found duplicate series for the match group {MatchLabels(ls.Metric, m)} on the left hand-side of the operation: " +
                        $"[{dupl.Metric}, {ls.Metric}];many-to-many matching not allowed: matching labels must be unique on one side");
                }

                leftSigs[sig] = ls;
            }
        }

        var comparison = b.Op.IsComparison();
        var drop = b.ReturnBool || !comparison;
        var matchedOneToOne = m.Card == Cardinality.OneToOne ? new Dictionary<Labels, Samp>() : null;
        var matchedMany = m.Card != Cardinality.OneToOne ? new Dictionary<Labels, HashSet<Labels>>() : null;
        foreach (var ls in lhs)
        {
            var sig = Signature(ls.Metric, m, sigCache);
            if (!rightSigs.TryGetValue(sig, out var rs))
            {
                continue;
            }

            var (fl, fr) = oneToMany ? (rs.V, ls.V) : (ls.V, rs.V);
            var (v, keep) = ElemBinop(b.Op, fl, fr);
            if (b.ReturnBool)
            {
                v = keep ? 1 : 0;
            }
            else if (!keep)
            {
                continue;
            }

            if (!resultCache.TryGetValue((ls.Metric, rs.Metric), out var metric))
            {
                metric = ResultMetric(ls.Metric, rs.Metric, m);
                resultCache[(ls.Metric, rs.Metric)] = metric;
            }

            if (matchedOneToOne is not null)
            {
                if (matchedOneToOne.TryGetValue(sig, out var prev))
                {
                    throw new PromQLException(PromQLErrorType.Execution,
                        $"found duplicate series for the match group {MatchLabels(ls.Metric, m)} on the left hand-side of the operation: " +
                        $"[{ls.Metric}, {prev.Metric}];many-to-many matching not allowed: matching labels must be unique on one side");
                }

                matchedOneToOne[sig] = ls;
            }
            else
            {
                if (!matchedMany!.TryGetValue(sig, out var inserted))
                {
                    inserted = [];
                    matchedMany[sig] = inserted;
                }

                if (!inserted.Add(metric))
                {
                    throw new PromQLException(PromQLErrorType.Execution,
                        "multiple matches for labels: grouping labels must ensure unique matches");
                }
            }

            result.Add(new Samp(metric, v, drop || ls.DropName));
        }

        return result;
    }

    private static Labels MatchLabels(Labels metric, VectorMatching m)
    {
        var lb = new LabelsBuilder(metric);
        if (m.On)
        {
            lb.Keep([.. m.MatchingLabels]);
        }
        else
        {
            lb.Delete([.. m.MatchingLabels, Label.MetricName]);
        }

        return lb.Build();
    }

    private static Labels ResultMetric(Labels lhs, Labels rhs, VectorMatching m)
    {
        if (m.Card != Cardinality.OneToOne && m.Include.Count == 0)
        {
            return lhs;
        }

        var lb = new LabelsBuilder(lhs);
        if (m.Card == Cardinality.OneToOne)
        {
            if (m.On)
            {
                lb.Keep([.. m.MatchingLabels]);
            }
            else
            {
                lb.Delete([.. m.MatchingLabels]);
            }
        }

        foreach (var name in m.Include)
        {
            lb.Set(name, rhs.Get(name));
        }

        return lb.Build();
    }
}
