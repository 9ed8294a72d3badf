using Pidgin;
using Tsdb.PromQL.Ast;
using Tsdb.Storage;
using MatchType = Tsdb.Storage.MatchType;
using static Pidgin.Parser;

namespace Tsdb.PromQL.Parser;

/// <summary>
/// The PromQL grammar as Pidgin parsers over the <see cref="Lexer"/>'s tokens, following Prometheus's
/// <c>generated_parser.y</c>. Precedence, lowest first: <c>or</c>; <c>and unless</c>; comparisons;
/// <c>+ -</c>; <c>* / % atan2</c>; unary <c>+ -</c>; <c>^</c> (right-associative); then the postfix
/// modifiers <c>[..]</c>, <c>offset</c> and <c>@</c>.
/// <para>
/// Errors that Prometheus reports with a context ("unexpected X in label matching, expected string")
/// are thrown as <see cref="ParseFailure"/> where the grammar knows no alternative is possible; other
/// syntax errors come back from Pidgin and become "unexpected X". Semantic errors found while building
/// nodes (bad regex, unknown function, range on a non-selector, ...) are thrown as they are found.
/// </para>
/// </summary>
internal static class Grammar
{
    private static readonly IReadOnlyList<string> NoLabels = [];

    /// <summary>A whole expression followed by the end of input.</summary>
    public static Parser<Token, Expr> Expression { get; }

    /// <summary>A vector selector alone (for <c>match[]</c>) followed by the end of input.</summary>
    public static Parser<Token, VectorSelector> MetricSelector { get; }

#pragma warning disable CA1810 // The parsers depend on each other; a static constructor keeps the order explicit.
    static Grammar()
#pragma warning restore CA1810
    {
        var eof = Tok(TokenType.Eof);
        var lParen = Tok(TokenType.LeftParen);
        var rParen = Tok(TokenType.RightParen);
        var comma = Tok(TokenType.Comma);
        var numOrDur = Parser<Token>.Token(static t => t.Type is TokenType.Number or TokenType.Duration);

        Parser<Token, Expr>? exprRef = null;
        var expr = Rec(() => exprRef!);

        // Label matchers: { a="b", "c"=~"d", "metric.name", }
        var matchOp = Parser<Token>.Token(static t => t.Type is TokenType.Assign or TokenType.Neq or TokenType.EqlRegex or TokenType.NeqRegex);
        var stringTok = Tok(TokenType.String);
        var identMatcher = Map(
            static (name, op, value) => NewMatcher(name, name.Text, op, value),
            Tok(TokenType.Identifier),
            Expect(matchOp, "label matching", "label matching operator"),
            Expect(stringTok, "label matching", "string"));
        var quotedMatcher = Map(
            static (name, rest) => rest.HasValue
                ? NewMatcher(name, GoStrings.Unquote(name.Text), rest.Value.Op, rest.Value.Value)
                : NewMatcher(name, "__name__", default, name),
            stringTok,
            Map(static (op, value) => (Op: op, Value: value), matchOp, Expect(stringTok, "label matching", "string")).Optional());
        var matcher = identMatcher.Or(quotedMatcher);
        var matcherAfterComma = Lookahead(Tok(TokenType.RightBrace)).ThenReturn((Matcher?)null)
            .Or(Expect(matcher, "label matching", "identifier or \"}\"").Select(static m => (Matcher?)m));
        var matcherList = Map(
            static (first, rest) => BuildMatchers(first, rest),
            Expect(matcher, "label matching", "identifier or \"}\""),
            comma.Then(matcherAfterComma).Many());
        var braces = Map(
            static (open, rest) => (Matchers: rest.Matchers, Start: open.Pos, rest.End),
            Tok(TokenType.LeftBrace),
            Tok(TokenType.RightBrace).Select(static c => (Matchers: (IReadOnlyList<Matcher>)[], End: c.End))
                .Or(Map(static (ms, c) => (Matchers: ms, End: c.End), matcherList,
                    Expect(Tok(TokenType.RightBrace), "label matching", "\",\" or \"}\""))));

        // Grouping labels: by (a, "b", c,)
        var labelTok = Parser<Token>.Token(static t => IsLabelToken(t.Type));
        var groupingLabel = Expect(labelTok, "grouping opts", "label")
            .Select(static t => t.Type == TokenType.String ? GoStrings.Unquote(t.Text) : t.Text);
        var labelAfterComma = Lookahead(rParen).ThenReturn((string?)null).Or(groupingLabel.Select(static l => (string?)l));
        var labelList = Map(
            static (first, rest) => BuildLabels(first, rest),
            groupingLabel,
            comma.Then(labelAfterComma).Many());
        var groupingParens = Map(
            static (_, rest) => rest,
            lParen,
            rParen.Select(static c => (Labels: NoLabels, End: c.End))
                .Or(Map(static (labels, c) => (Labels: labels, End: c.End), labelList,
                    Expect(rParen, "grouping opts", "\",\" or \")\""))));
        var grouping = Expect(Lookahead(lParen), "grouping opts", "\"(\"").Then(groupingParens);

        // Function call bodies: ( expr, expr )
        var argAfterComma = Map(
            static (c, arg) => arg.HasValue ? arg.Value : throw new ParseFailure(c.Pos, "trailing commas not allowed in function call args"),
            comma,
            expr.Select(static e => new Maybe<Expr>(e)).Or(Lookahead(rParen).ThenReturn(Maybe.Nothing<Expr>())));
        var args = Map(static (first, rest) => BuildArgs(first, rest), expr, argAfterComma.Many());
        var callBody = Map(
            static (open, a) => (Args: a.Args, Start: open.Pos, a.End),
            lParen,
            rParen.Select(static c => (Args: (IReadOnlyList<Expr>)[], End: c.End))
                .Or(Map(static (a, c) => (Args: a, End: c.End), args, rParen)));

        // Literals, parentheses, selectors, calls, aggregations.
        var numberLit = numOrDur.Select(static t => (Expr)new NumberLiteral(NumberValue(t), new PositionRange(t.Pos, t.End)));
        var stringLit = stringTok.Select(static t => (Expr)new StringLiteral(GoStrings.Unquote(t.Text), new PositionRange(t.Pos, t.End)));
        var paren = Map(
            static (open, e, close) => (Expr)new ParenExpr(e, new PositionRange(open.Pos, close.End)),
            lParen, expr, rParen);
        var callOrSelector = Map(
            static (name, suffix) => CallOrSelector(name, suffix),
            Parser<Token>.Token(static t => t.Type is TokenType.Identifier or TokenType.Start or TokenType.End),
            callBody.Select(static b => new Suffix(b.Args, null, b.End))
                .Or(braces.Select(static b => new Suffix(null, b.Matchers, b.End)))
                .Optional());
        var keywordSelector = Map(
            static (name, b) => (Expr)NewSelector(name, b.HasValue ? b.Value.Matchers : [], b.HasValue ? b.Value.End : name.End),
            Parser<Token>.Token(static t => IsKeywordMetricName(t.Type)),
            braces.Optional());
        var bracesSelector = braces.Select(static b => (Expr)NewSelector(null, b.Matchers, b.End, b.Start));
        var aggModifier = Map(
            static (kw, g) => (Without: kw.Type == TokenType.Without, g.Labels, g.End),
            Parser<Token>.Token(static t => t.Type is TokenType.By or TokenType.Without),
            grouping);
        var aggBody = Expect(callBody, "aggregation", "");
        var aggregation = Map(
            static (op, rest) => NewAggregate(op, rest.Body, rest.Modifier),
            Parser<Token>.Token(static t => t.Type.IsAggregator()),
            OneOf(
                Map(static (m, b) => (Body: b, Modifier: new Maybe<(bool Without, IReadOnlyList<string> Labels, int End)>(m)), aggModifier, aggBody),
                Map(static (b, m) => (Body: b, Modifier: m), aggBody, aggModifier.Optional())));
        var primary = OneOf(numberLit, stringLit, paren, aggregation, callOrSelector, keywordSelector, bracesSelector);

        // Postfix modifiers.
        var rangeTail = OneOf(
            Tok(TokenType.RightBracket).Select(static c => (Subquery: false, Step: (Token?)null, End: c.End)),
            Tok(TokenType.Colon).Then(Expect(
                OneOf(
                    Tok(TokenType.RightBracket).Select(static c => (Subquery: true, Step: (Token?)null, End: c.End)),
                    Map(static (s, c) => (Subquery: true, Step: (Token?)s, End: c.End),
                        numOrDur, Expect(Tok(TokenType.RightBracket), "subquery selector", "\"]\""))),
                "subquery selector", "number or duration or \"]\"")));
        var rangeMod = Map(
            static (open, r, tail) => (Modifier)new RangeModifier(open, r, MillisValue(r), tail.Subquery, tail.Step,
                tail.Step is { } s ? MillisValue(s) : 0, tail.End),
            Tok(TokenType.LeftBracket),
            Expect(numOrDur, "subquery selector", "number or duration"),
            Expect(rangeTail, "subquery or range", "\":\" or \"]\""));
        var offsetMod = Map(
            static (_, sign, v) => (Modifier)new OffsetModifier(sign.HasValue ? -MillisValue(v) : MillisValue(v), v.End),
            Tok(TokenType.Offset),
            Tok(TokenType.Sub).Optional(),
            Expect(numOrDur, "offset", "number or duration"));
        var atPreprocessor = Map(
            static (kw, _, close) => (Modifier)new AtModifier(null, kw.Type == TokenType.Start ? StartOrEnd.Start : StartOrEnd.End, close.End),
            Parser<Token>.Token(static t => t.Type is TokenType.Start or TokenType.End),
            Expect(lParen, "@", "timestamp"),
            Expect(rParen, "@", "timestamp"));
        var atNumber = Map(
            static (sign, v) => (Modifier)new AtModifier(
                sign.HasValue && sign.Value.Type == TokenType.Sub ? -NumberValue(v) : NumberValue(v), StartOrEnd.None, v.End),
            Parser<Token>.Token(static t => t.Type is TokenType.Add or TokenType.Sub).Optional(),
            Expect(numOrDur, "@", "timestamp"));
        var atMod = Tok(TokenType.At).Then(atPreprocessor.Or(atNumber));
        var modifier = OneOf(rangeMod, offsetMod, atMod);
        var postfix = Map(static (e, mods) => ApplyModifiers(e, mods), StackGuard.Then(primary), modifier.Many());

        // Binary operators. bin_modifier: [bool] [on|ignoring (labels) [group_left|group_right [(labels)]]]
        var groupSide = Map(
            static (kw, labels) => (Card: kw.Type == TokenType.GroupLeft ? Cardinality.ManyToOne : Cardinality.OneToMany,
                Include: labels.HasValue ? labels.Value.Labels : NoLabels),
            Parser<Token>.Token(static t => t.Type is TokenType.GroupLeft or TokenType.GroupRight),
            groupingParens.Optional());
        var onIgnoring = Map(
            static (kw, labels, side) => new VectorMatching(
                side.HasValue ? side.Value.Card : Cardinality.OneToOne, labels.Labels, kw.Type == TokenType.On,
                side.HasValue ? side.Value.Include : NoLabels),
            Parser<Token>.Token(static t => t.Type is TokenType.On or TokenType.Ignoring),
            grouping,
            groupSide.Optional());
        var binModifier = Map(
            static (b, m) => (ReturnBool: b.HasValue, Matching: m.HasValue ? m.Value : null),
            Tok(TokenType.Bool).Optional(),
            onIgnoring.Optional());

        Parser<Token, Expr>? unaryRef = null;
        var unary = Rec(() => unaryRef!);
        var pow = Map(
            static (lhs, rhs) => rhs.HasValue ? NewBinary(lhs, rhs.Value.Op, rhs.Value.Mod, rhs.Value.Rhs) : lhs,
            postfix,
            Map(static (op, mod, rhs) => (Op: op, Mod: mod, Rhs: rhs), Tok(TokenType.Pow), binModifier, unary).Optional());
        unaryRef = Map(
                static (op, e) => NewUnary(op, e),
                Parser<Token>.Token(static t => t.Type is TokenType.Add or TokenType.Sub),
                unary)
            .Or(pow);
        var mul = LeftAssoc(unary, static t => t is TokenType.Mul or TokenType.Div or TokenType.Mod or TokenType.Atan2, binModifier);
        var add = LeftAssoc(mul, static t => t is TokenType.Add or TokenType.Sub, binModifier);
        var cmp = LeftAssoc(add, static t => t is TokenType.EqlC or TokenType.Neq or TokenType.Lte or TokenType.Lss or TokenType.Gte or TokenType.Gtr, binModifier);
        var and = LeftAssoc(cmp, static t => t is TokenType.And or TokenType.Unless, binModifier);
        var or = LeftAssoc(and, static t => t is TokenType.Or, binModifier);
        exprRef = or;

        Expression = expr.Before(eof);

        var metricName = Parser<Token>.Token(static t => t.Type is TokenType.Identifier or TokenType.Start or TokenType.End || IsKeywordMetricName(t.Type));
        MetricSelector = OneOf(
                Map(static (name, b) => NewSelector(name, b.HasValue ? b.Value.Matchers : [], b.HasValue ? b.Value.End : name.End),
                    metricName, braces.Optional()),
                braces.Select(static b => NewSelector(null, b.Matchers, b.End, b.Start)))
            .Before(eof);
    }

    private static Parser<Token, Token> Tok(TokenType type) => Parser<Token>.Token(t => t.Type == type);

    /// <summary><paramref name="p"/>, or an "unexpected X in <paramref name="context"/>, expected ..." error at the current token.</summary>
    private static Parser<Token, T> Expect<T>(Parser<Token, T> p, string context, string expected) =>
        p.Or(Parser<Token>.Any.Select<T>(t => throw ParseFailure.Unexpected(t, context, expected)));

    /// <summary>Stops runaway recursion (deeply nested input) with an error instead of a stack overflow.</summary>
    private static Parser<Token, Unit> StackGuard { get; } = new StackGuardParser();

    private static Parser<Token, Expr> LeftAssoc(Parser<Token, Expr> operand, Func<TokenType, bool> isOp,
        Parser<Token, (bool ReturnBool, VectorMatching? Matching)> binModifier) =>
        Map(
            static (first, rest) =>
            {
                var e = first;
                foreach (var (op, mod, rhs) in rest)
                {
                    e = NewBinary(e, op, mod, rhs);
                }

                return e;
            },
            operand,
            Map(static (op, mod, rhs) => (op, mod, rhs), Parser<Token>.Token(t => isOp(t.Type)), binModifier, operand).Many());

    private static bool IsLabelToken(TokenType t) =>
        t is TokenType.Identifier or TokenType.String or TokenType.And or TokenType.Or or TokenType.Unless or TokenType.Atan2
            or TokenType.Start or TokenType.End
        || t.IsKeyword() || t.IsAggregator();

    /// <summary>Keywords Prometheus accepts as metric names (<c>metric_identifier</c>), besides plain identifiers.</summary>
    private static bool IsKeywordMetricName(TokenType t) =>
        t is TokenType.MetricIdentifier or TokenType.And or TokenType.Or or TokenType.Unless or TokenType.By or TokenType.Without
            or TokenType.Offset;

    private static double NumberValue(in Token t)
    {
        if (t.Type == TokenType.Duration)
        {
            var ms = Durations.TryParse(t.Text, out var derr);
            return ms is { } v ? v / 1000.0 : throw new ParseFailure(t.Pos, derr!);
        }

        var n = Numbers.TryParse(t.Text, out var err);
        return n ?? throw new ParseFailure(t.Pos, err!);
    }

    /// <summary>
    /// A number or duration token as milliseconds: durations exactly, numbers (seconds) rounded to the
    /// millisecond. (Prometheus truncates <c>seconds * 1000</c>, which can lose a millisecond.)
    /// </summary>
    private static long MillisValue(in Token t)
    {
        if (t.Type == TokenType.Duration)
        {
            var ms = Durations.TryParse(t.Text, out var derr);
            return ms ?? throw new ParseFailure(t.Pos, derr!);
        }

        var v = NumberValue(t) * 1000;
        if (double.IsNaN(v) || Math.Abs(v) > Durations.MaxMillis)
        {
            throw new ParseFailure(t.Pos, "duration out of range");
        }

        return (long)Math.Round(v, MidpointRounding.AwayFromZero);
    }

    private static Matcher NewMatcher(in Token nameTok, string name, in Token op, in Token value)
    {
        var type = op.Type switch
        {
            TokenType.Neq => MatchType.NotEqual,
            TokenType.EqlRegex => MatchType.Regex,
            TokenType.NeqRegex => MatchType.NotRegex,
            _ => MatchType.Equal,
        };
        try
        {
            return new Matcher(type, name, GoStrings.Unquote(value.Text));
        }
        catch (InvalidMatcherException e)
        {
            throw new ParseFailure(nameTok.Pos, RegexError(e, GoStrings.Unquote(value.Text)));
        }
    }

    /// <summary>Go's <c>regexp/syntax</c> wording for the common regex errors (".NET: Not enough )'s" is "missing closing )").</summary>
    private static string RegexError(InvalidMatcherException e, string pattern)
    {
        if (e.InnerException is not System.Text.RegularExpressions.RegexParseException rpe)
        {
            return e.Message;
        }

        var code = rpe.Error switch
        {
            System.Text.RegularExpressions.RegexParseError.InsufficientClosingParentheses => "missing closing )",
            System.Text.RegularExpressions.RegexParseError.InsufficientOpeningParentheses => "unexpected )",
            System.Text.RegularExpressions.RegexParseError.UnterminatedBracket => "missing closing ]",
            System.Text.RegularExpressions.RegexParseError.QuantifierAfterNothing => "missing argument to repetition operator",
            System.Text.RegularExpressions.RegexParseError.NestedQuantifiersNotParenthesized => "invalid nested repetition operator",
            System.Text.RegularExpressions.RegexParseError.ReversedCharacterRange => "invalid character class range",
            System.Text.RegularExpressions.RegexParseError.ReversedQuantifierRange
                or System.Text.RegularExpressions.RegexParseError.QuantifierOrCaptureGroupOutOfRange => "invalid repeat count",
            System.Text.RegularExpressions.RegexParseError.UnescapedEndingBackslash => "trailing backslash at end of expression",
            System.Text.RegularExpressions.RegexParseError.UnrecognizedEscape
                or System.Text.RegularExpressions.RegexParseError.InsufficientOrInvalidHexDigits
                or System.Text.RegularExpressions.RegexParseError.MissingControlCharacter
                or System.Text.RegularExpressions.RegexParseError.UnrecognizedControlCharacter => "invalid escape sequence",
            System.Text.RegularExpressions.RegexParseError.InvalidGroupingConstruct => "invalid or unsupported Perl syntax",
            _ => null,
        };
        return code is null ? e.Message : "error parsing regexp: " + code + ": `" + pattern + "`";
    }

    private static IReadOnlyList<Matcher> BuildMatchers(Matcher first, IEnumerable<Matcher?> rest)
    {
        var list = new List<Matcher>(4) { first };
        foreach (var m in rest)
        {
            if (m is not null)
            {
                list.Add(m);
            }
        }

        return list;
    }

    private static IReadOnlyList<string> BuildLabels(string first, IEnumerable<string?> rest)
    {
        var list = new List<string>(4) { first };
        foreach (var l in rest)
        {
            if (l is not null)
            {
                list.Add(l);
            }
        }

        return list;
    }

    private static IReadOnlyList<Expr> BuildArgs(Expr first, IEnumerable<Expr> rest)
    {
        var list = new List<Expr>(4) { first };
        list.AddRange(rest);
        return list;
    }

    private static VectorSelector NewSelector(Token? name, IReadOnlyList<Matcher> matchers, int end, int start = 0)
    {
        if (name is { } n)
        {
            var all = new List<Matcher>(matchers.Count + 1);
            all.AddRange(matchers);
            all.Add(Matcher.Equal("__name__", n.Text));
            return new VectorSelector(n.Text, all, position: new PositionRange(n.Pos, end));
        }

        return new VectorSelector(null, matchers, position: new PositionRange(start, end));
    }

    private static Expr CallOrSelector(Token name, Maybe<Suffix> suffix)
    {
        if (!suffix.HasValue)
        {
            return NewSelector(name, [], name.End);
        }

        var s = suffix.Value;
        if (s.Matchers is not null)
        {
            return NewSelector(name, s.Matchers, s.End);
        }

        if (!Functions.TryGet(name.Text, out var f))
        {
            throw new ParseFailure(name.Pos, "unknown function with name " + GoStrings.Quote(name.Text));
        }

        return new Call(f, s.Args!, new PositionRange(name.Pos, s.End));
    }

    private static Expr NewAggregate(Token opTok, (IReadOnlyList<Expr> Args, int Start, int End) body,
        Maybe<(bool Without, IReadOnlyList<string> Labels, int End)> modifier)
    {
        var op = (AggregationOp)(opTok.Type - TokenType.Sum);
        var end = Math.Max(body.End, modifier.HasValue ? modifier.Value.End : 0);
        var args = body.Args;
        if (args.Count == 0)
        {
            throw new ParseFailure(opTok.Pos, "no arguments for aggregate expression provided");
        }

        var desired = op.HasParam() ? 2 : 1;
        if (args.Count != desired)
        {
            throw new ParseFailure(opTok.Pos,
                $"wrong number of arguments for aggregate expression provided, expected {desired}, got {args.Count}".ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return new AggregateExpr(op, args[desired - 1], desired == 2 ? args[0] : null,
            modifier.HasValue ? modifier.Value.Labels : NoLabels, modifier.HasValue && modifier.Value.Without,
            new PositionRange(opTok.Pos, end));
    }

    private static Expr NewBinary(Expr lhs, Token opTok, (bool ReturnBool, VectorMatching? Matching) mod, Expr rhs)
    {
        var op = opTok.Type switch
        {
            TokenType.Add => BinaryOp.Add,
            TokenType.Sub => BinaryOp.Sub,
            TokenType.Mul => BinaryOp.Mul,
            TokenType.Div => BinaryOp.Div,
            TokenType.Mod => BinaryOp.Mod,
            TokenType.Pow => BinaryOp.Pow,
            TokenType.Atan2 => BinaryOp.Atan2,
            TokenType.EqlC => BinaryOp.Eql,
            TokenType.Neq => BinaryOp.Neq,
            TokenType.Gtr => BinaryOp.Gtr,
            TokenType.Lss => BinaryOp.Lss,
            TokenType.Gte => BinaryOp.Gte,
            TokenType.Lte => BinaryOp.Lte,
            TokenType.And => BinaryOp.And,
            TokenType.Or => BinaryOp.Or,
            _ => BinaryOp.Unless,
        };
        var matching = mod.Matching ?? new VectorMatching(Cardinality.OneToOne, NoLabels, false, NoLabels);
        return new BinaryExpr(op, lhs, rhs, mod.ReturnBool, matching, new PositionRange(lhs.PositionRange.Start, rhs.PositionRange.End))
        {
            OperatorPosition = opTok.Pos,
        };
    }

    private static Expr NewUnary(Token opTok, Expr e)
    {
        var sub = opTok.Type == TokenType.Sub;
        if (e is NumberLiteral n)
        {
            return new NumberLiteral(sub ? -n.Value : n.Value, new PositionRange(opTok.Pos, n.PositionRange.End));
        }

        return new UnaryExpr(sub ? UnaryOp.Sub : UnaryOp.Add, e, new PositionRange(opTok.Pos, e.PositionRange.End));
    }

    private static Expr ApplyModifiers(Expr e, IEnumerable<Modifier> modifiers)
    {
        foreach (var m in modifiers)
        {
            e = m.Apply(e);
        }

        return e;
    }

    private readonly record struct Suffix(IReadOnlyList<Expr>? Args, IReadOnlyList<Matcher>? Matchers, int End);

    private sealed class StackGuardParser : Parser<Token, Unit>
    {
        public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out Unit result)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            result = Unit.Value;
            return true;
        }
    }
}
