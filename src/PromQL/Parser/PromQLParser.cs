using System.Text;
using Pidgin;
using Tsdb.PromQL.Ast;
using Tsdb.Storage;

namespace Tsdb.PromQL.Parser;

/// <summary>
/// Parses PromQL. Every error is a <see cref="PromQLException"/> of type
/// <see cref="PromQLErrorType.BadData"/> whose message reads like Prometheus's:
/// <c>1:14: parse error: unexpected ...</c> (line and 1-based column of the first error).
/// </summary>
public static class PromQLParser
{
    /// <summary>Parses and type-checks a PromQL expression.</summary>
    public static Expr ParseExpr(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Run(input, static tokens =>
        {
            if (tokens[0].Type == TokenType.Eof)
            {
                throw new ParseFailure(0, "no expression found in input");
            }

            var result = Grammar.Expression.Parse(tokens);
            if (!result.Success)
            {
                throw FromPidgin(tokens, result.Error!);
            }

            TypeChecker.Check(result.Value);
            return result.Value;
        });
    }

    /// <summary>
    /// Parses a series selector such as a <c>match[]</c> parameter (<c>up{job="x"}</c>, <c>{__name__=~"a.*"}</c>)
    /// into its matchers, the implied <c>__name__</c> matcher included. No type checks are applied.
    /// </summary>
    public static IReadOnlyList<Matcher> ParseMetricSelector(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Run(input, static tokens =>
        {
            var result = Grammar.MetricSelector.Parse(tokens);
            return result.Success ? result.Value.Matchers : throw FromPidgin(tokens, result.Error!);
        });
    }

    /// <summary>Parses a Prometheus duration (<c>1h30m</c>, <c>250ms</c>, <c>1y</c>, <c>0</c>) into milliseconds.</summary>
    public static long ParseDuration(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Durations.TryParse(s, out var error) ?? throw new PromQLException(PromQLErrorType.BadData, error!);
    }

    /// <summary>Like <see cref="ParseDuration"/> without throwing.</summary>
    public static bool TryParseDuration(string s, out long milliseconds)
    {
        ArgumentNullException.ThrowIfNull(s);
        var v = Durations.TryParse(s, out _);
        milliseconds = v ?? 0;
        return v is not null;
    }

    /// <summary>Formats milliseconds as a Prometheus duration (<c>1h30m</c>; years and weeks only when exact).</summary>
    public static string FormatDuration(long milliseconds) => Durations.Format(milliseconds);

    private static T Run<T>(string input, Func<Token[], T> parse)
    {
        try
        {
            return parse(Lexer.Lex(input));
        }
        catch (ParseFailure f)
        {
            throw new PromQLException(PromQLErrorType.BadData, Position(input, f.Position) + ": parse error: " + f.Message, f);
        }
        catch (InsufficientExecutionStackException e)
        {
            throw new PromQLException(PromQLErrorType.BadData, "parse error: expression is nested too deeply", e);
        }
    }

    private static ParseFailure FromPidgin(Token[] tokens, ParseError<Token> error)
    {
        var t = error.Unexpected.HasValue ? error.Unexpected.Value : tokens[^1];
        if (t.Type == TokenType.Error)
        {
            return new ParseFailure(t.Pos, t.Text);
        }

        return ParseFailure.Unexpected(t, InAggregation(tokens, t.Pos) ? "aggregation" : "", "");
    }

    /// <summary>
    /// Whether a token position is inside the argument list of an aggregation. Prometheus's parser
    /// recovers from a syntax error there through its <c>aggregate_op error</c> rule, which adds
    /// " in aggregation" to the message.
    /// </summary>
    private static bool InAggregation(Token[] tokens, int pos)
    {
        var frames = new Stack<(bool AggBody, bool AggGrouping)>();
        var aggPending = false;
        for (var i = 0; i < tokens.Length && tokens[i].Pos < pos; i++)
        {
            var t = tokens[i].Type;
            var prev = i > 0 ? tokens[i - 1].Type : TokenType.Eof;
            switch (t)
            {
                case TokenType.LeftParen:
                    var grouping = aggPending && prev is TokenType.By or TokenType.Without;
                    frames.Push((aggPending && !grouping, grouping));
                    aggPending = false;
                    break;
                case TokenType.RightParen:
                    aggPending = frames.Count > 0 && frames.Pop().AggGrouping;
                    break;
                case TokenType.By or TokenType.Without:
                    break;
                default:
                    aggPending = t.IsAggregator();
                    break;
            }
        }

        foreach (var f in frames)
        {
            if (f.AggBody)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Prometheus's <c>line:col</c> of an offset; columns count UTF-8 bytes, as Go does.</summary>
    private static string Position(string input, int pos)
    {
        if (input.Length == 0)
        {
            return "unknown position";
        }

        if (pos < 0 || pos > input.Length)
        {
            return "invalid position";
        }

        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < pos; i++)
        {
            if (input[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        var col = Encoding.UTF8.GetByteCount(input.AsSpan(lineStart, pos - lineStart)) + 1;
        return line.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + col.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
