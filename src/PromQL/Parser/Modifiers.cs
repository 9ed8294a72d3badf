using Tsdb.PromQL.Ast;

namespace Tsdb.PromQL.Parser;

/// <summary>A postfix modifier (<c>[range]</c>, <c>[range:step]</c>, <c>offset</c>, <c>@</c>) applied to the expression before it.</summary>
internal abstract class Modifier
{
    public abstract Expr Apply(Expr e);

    protected static long ToMillis(double seconds, in Token at)
    {
        var ms = seconds * 1000;
        if (double.IsNaN(ms) || Math.Abs(ms) > Durations.MaxMillis)
        {
            throw new ParseFailure(at.Pos, "duration out of range");
        }

        // Round, not truncate: 1001ms arrives as 1.001 s and 1.001 * 1000 is 1000.9999999999999.
        return (long)Math.Round(ms, MidpointRounding.AwayFromZero);
    }
}

/// <summary><c>[range]</c> or <c>[range:step]</c>.</summary>
internal sealed class RangeModifier(Token open, Token rangeTok, double rangeSeconds, bool subquery, Token? stepTok, double stepSeconds, int end) : Modifier
{
    public override Expr Apply(Expr e)
    {
        var range = ToMillis(rangeSeconds, rangeTok);
        if (range <= 0)
        {
            throw new ParseFailure(rangeTok.Pos, "duration must be greater than 0");
        }

        if (subquery)
        {
            long step = 0;
            if (stepTok is { } st)
            {
                step = ToMillis(stepSeconds, st);
                if (step < 0 || (step == 0 && st.Type == TokenType.Duration))
                {
                    throw new ParseFailure(st.Pos, "duration must be greater than 0");
                }
            }

            return new SubqueryExpr(e, range, step, position: new PositionRange(e.PositionRange.Start, end));
        }

        if (e is not VectorSelector vs)
        {
            throw new ParseFailure(open.Pos, "ranges only allowed for vector selectors");
        }

        if (vs.OriginalOffset != 0)
        {
            throw new ParseFailure(open.Pos, "no offset modifiers allowed before range");
        }

        if (vs.Timestamp is not null || vs.StartOrEnd != StartOrEnd.None)
        {
            throw new ParseFailure(open.Pos, "no @ modifiers allowed before range");
        }

        return new MatrixSelector(vs, range, new PositionRange(vs.PositionRange.Start, end));
    }
}

/// <summary><c>offset [-]d</c>.</summary>
internal sealed class OffsetModifier(Token valueTok, double seconds, int end) : Modifier
{
    public override Expr Apply(Expr e)
    {
        var offset = ToMillis(seconds, valueTok);
        switch (e)
        {
            case VectorSelector vs:
                CheckUnset(vs.OriginalOffset, e);
                vs.OriginalOffset = offset;
                break;
            case MatrixSelector ms:
                CheckUnset(ms.VectorSelector.OriginalOffset, e);
                ms.VectorSelector.OriginalOffset = offset;
                break;
            case SubqueryExpr sq:
                CheckUnset(sq.OriginalOffset, e);
                sq.OriginalOffset = offset;
                break;
            default:
                throw new ParseFailure(e.PositionRange.Start,
                    "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        }

        e.PositionRange = e.PositionRange with { End = end };
        return e;
    }

    private static void CheckUnset(long current, Expr e)
    {
        if (current != 0)
        {
            throw new ParseFailure(e.PositionRange.Start, "offset may not be set multiple times");
        }
    }
}

/// <summary><c>@ t</c>, <c>@ start()</c> or <c>@ end()</c>.</summary>
internal sealed class AtModifier(double? seconds, StartOrEnd preprocessor, int end) : Modifier
{
    public override Expr Apply(Expr e)
    {
        long? ts = null;
        if (seconds is { } s)
        {
            if (double.IsNaN(s) || double.IsInfinity(s) || s >= long.MaxValue || s <= long.MinValue)
            {
                throw new ParseFailure(e.PositionRange.Start, "timestamp out of bounds for @ modifier: " + FloatFormat.FormatF6(s));
            }

            ts = (long)Math.Round(s * 1000, MidpointRounding.AwayFromZero);
        }

        switch (e)
        {
            case VectorSelector vs:
                CheckUnset(vs.Timestamp, vs.StartOrEnd, e);
                vs.Timestamp = ts;
                vs.StartOrEnd = preprocessor;
                break;
            case MatrixSelector ms:
                CheckUnset(ms.VectorSelector.Timestamp, ms.VectorSelector.StartOrEnd, e);
                ms.VectorSelector.Timestamp = ts;
                ms.VectorSelector.StartOrEnd = preprocessor;
                break;
            case SubqueryExpr sq:
                CheckUnset(sq.Timestamp, sq.StartOrEnd, e);
                sq.Timestamp = ts;
                sq.StartOrEnd = preprocessor;
                break;
            default:
                throw new ParseFailure(e.PositionRange.Start,
                    "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        }

        e.PositionRange = e.PositionRange with { End = end };
        return e;
    }

    private static void CheckUnset(long? ts, StartOrEnd pre, Expr e)
    {
        if (ts is not null || pre != StartOrEnd.None)
        {
            throw new ParseFailure(e.PositionRange.Start, "@ <timestamp> may not be set multiple times");
        }
    }
}
