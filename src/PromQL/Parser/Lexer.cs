using System.Collections.Frozen;

namespace Tsdb.PromQL.Parser;

/// <summary>
/// The PromQL lexer, following Prometheus's <c>lex.go</c> state machine: the same tokens, the same
/// number/duration scanning rules and the same error texts. Lexing stops at the first error, which
/// becomes a final <see cref="TokenType.Error"/> token; otherwise the last token is
/// <see cref="TokenType.Eof"/>. Comments are dropped.
/// </summary>
internal sealed class Lexer
{
    private const int EofRune = -1;
    private const string Digits = "0123456789";
    private const string HexDigits = "0123456789abcdefABCDEF";

    private static readonly FrozenDictionary<string, TokenType> Keywords = new Dictionary<string, TokenType>(StringComparer.OrdinalIgnoreCase)
    {
        ["and"] = TokenType.And,
        ["or"] = TokenType.Or,
        ["unless"] = TokenType.Unless,
        ["atan2"] = TokenType.Atan2,
        ["sum"] = TokenType.Sum,
        ["avg"] = TokenType.Avg,
        ["count"] = TokenType.Count,
        ["min"] = TokenType.Min,
        ["max"] = TokenType.Max,
        ["group"] = TokenType.Group,
        ["stddev"] = TokenType.Stddev,
        ["stdvar"] = TokenType.Stdvar,
        ["topk"] = TokenType.Topk,
        ["bottomk"] = TokenType.Bottomk,
        ["count_values"] = TokenType.CountValues,
        ["quantile"] = TokenType.Quantile,
        ["limitk"] = TokenType.Limitk,
        ["limit_ratio"] = TokenType.LimitRatio,
        ["offset"] = TokenType.Offset,
        ["by"] = TokenType.By,
        ["without"] = TokenType.Without,
        ["on"] = TokenType.On,
        ["ignoring"] = TokenType.Ignoring,
        ["group_left"] = TokenType.GroupLeft,
        ["group_right"] = TokenType.GroupRight,
        ["bool"] = TokenType.Bool,
        ["start"] = TokenType.Start,
        ["end"] = TokenType.End,
        ["inf"] = TokenType.Number,
        ["nan"] = TokenType.Number,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly string _input;
    private readonly List<Token> _tokens = new(32);
    private int _pos;
    private int _start;
    private int _width;
    private int _parenDepth;
    private bool _braceOpen;
    private bool _bracketOpen;
    private bool _gotColon;
    private bool _done;

    private Lexer(string input) => _input = input;

    /// <summary>Lexes <paramref name="input"/>; the result ends with an Eof or Error token.</summary>
    public static Token[] Lex(string input)
    {
        var l = new Lexer(input);
        while (!l._done)
        {
            if (l._braceOpen)
            {
                l.LexInsideBraces();
            }
            else
            {
                l.LexStatement();
            }
        }

        var tokens = l._tokens;
        for (var i = 0; i < tokens.Count - 1; i++)
        {
            // An aggregation keyword is a metric name unless an aggregation follows ("a + sum", "sum{x="y"}").
            var t = tokens[i];
            if (t.Type.IsAggregator() && tokens[i + 1].Type is not (TokenType.LeftParen or TokenType.By or TokenType.Without))
            {
                tokens[i] = t with { Type = TokenType.Identifier };
            }
        }

        return [.. tokens];
    }

    private void LexStatement()
    {
        if (StartsWithComment())
        {
            SkipComment();
            return;
        }

        var r = Next();
        switch (r)
        {
            case EofRune:
                if (_parenDepth != 0)
                {
                    Error("unclosed left parenthesis");
                }
                else if (_bracketOpen)
                {
                    Error("unclosed left bracket");
                }
                else
                {
                    Emit(TokenType.Eof);
                    _done = true;
                }

                return;
            case ',':
                Emit(TokenType.Comma);
                return;
            case ' ' or '\t' or '\n' or '\r':
                SkipSpaces();
                return;
            case '*':
                Emit(TokenType.Mul);
                return;
            case '/':
                Emit(TokenType.Div);
                return;
            case '%':
                Emit(TokenType.Mod);
                return;
            case '+':
                Emit(TokenType.Add);
                return;
            case '-':
                Emit(TokenType.Sub);
                return;
            case '^':
                Emit(TokenType.Pow);
                return;
            case '=':
                switch (Peek())
                {
                    case '=':
                        Next();
                        Emit(TokenType.EqlC);
                        break;
                    case '~':
                        Error("unexpected character after '=': " + GoStrings.QuoteRune('~'));
                        break;
                    default:
                        Emit(TokenType.Assign);
                        break;
                }

                return;
            case '!':
                {
                    var t = Next();
                    if (t != '=')
                    {
                        Error("unexpected character after '!': " + GoStrings.QuoteRune(t));
                        return;
                    }

                    Emit(TokenType.Neq);
                    return;
                }

            case '<':
                if (Peek() == '=')
                {
                    Next();
                    Emit(TokenType.Lte);
                }
                else
                {
                    Emit(TokenType.Lss);
                }

                return;
            case '>':
                if (Peek() == '=')
                {
                    Next();
                    Emit(TokenType.Gte);
                }
                else
                {
                    Emit(TokenType.Gtr);
                }

                return;
            case '"' or '\'':
                LexString(r);
                return;
            case '`':
                LexRawString();
                return;
            case '(':
                Emit(TokenType.LeftParen);
                _parenDepth++;
                return;
            case ')':
                Emit(TokenType.RightParen);
                _parenDepth--;
                if (_parenDepth < 0)
                {
                    // Prometheus's lexer overwrites the item it just emitted with the error.
                    _tokens.RemoveAt(_tokens.Count - 1);
                    Error("unexpected right parenthesis " + GoStrings.QuoteRune(')'));
                }

                return;
            case '{':
                Emit(TokenType.LeftBrace);
                _braceOpen = true;
                return;
            case '[':
                if (_bracketOpen)
                {
                    Error("unexpected left bracket " + GoStrings.QuoteRune('['));
                    return;
                }

                _gotColon = false;
                Emit(TokenType.LeftBracket);
                _bracketOpen = true;
                return;
            case ']':
                if (!_bracketOpen)
                {
                    Error("unexpected right bracket " + GoStrings.QuoteRune(']'));
                    return;
                }

                Emit(TokenType.RightBracket);
                _bracketOpen = false;
                return;
            case '@':
                Emit(TokenType.At);
                return;
        }

        if (IsDigit(r) || (r == '.' && IsDigit(Peek())))
        {
            Backup();
            LexNumberOrDuration();
            return;
        }

        if (IsAlpha(r) || r == ':')
        {
            if (!_bracketOpen)
            {
                Backup();
                LexKeywordOrIdentifier();
                return;
            }

            if (r == ':')
            {
                if (_gotColon)
                {
                    Error("unexpected colon " + GoStrings.QuoteRune(r));
                    return;
                }

                Emit(TokenType.Colon);
                _gotColon = true;
                return;
            }

            Error("unexpected character: " + GoStrings.QuoteRune(r) + ", expected " + GoStrings.QuoteRune(':'));
            return;
        }

        Error("unexpected character: " + GoStrings.QuoteRune(r));
    }

    private void LexInsideBraces()
    {
        if (StartsWithComment())
        {
            SkipComment();
            return;
        }

        var r = Next();
        switch (r)
        {
            case EofRune:
                Error("unexpected end of input inside braces");
                return;
            case ' ' or '\t' or '\n' or '\r':
                SkipSpaces();
                return;
            case ',':
                Emit(TokenType.Comma);
                return;
            case '"' or '\'':
                LexString(r);
                return;
            case '`':
                LexRawString();
                return;
            case '=':
                if (Next() == '~')
                {
                    Emit(TokenType.EqlRegex);
                    return;
                }

                Backup();
                Emit(TokenType.Assign);
                return;
            case '!':
                {
                    var nr = Next();
                    switch (nr)
                    {
                        case '~':
                            Emit(TokenType.NeqRegex);
                            return;
                        case '=':
                            Emit(TokenType.Neq);
                            return;
                        default:
                            Error("unexpected character after '!' inside braces: " + GoStrings.QuoteRune(nr));
                            return;
                    }
                }

            case '{':
                Error("unexpected left brace " + GoStrings.QuoteRune('{'));
                return;
            case '}':
                Emit(TokenType.RightBrace);
                _braceOpen = false;
                return;
        }

        if (IsAlpha(r))
        {
            while (IsAlphaNumeric(Next()))
            {
            }

            Backup();
            Emit(TokenType.Identifier);
            return;
        }

        Error("unexpected character inside braces: " + GoStrings.QuoteRune(r));
    }

    private void LexKeywordOrIdentifier()
    {
        int r;
        do
        {
            r = Next();
        }
        while (IsAlphaNumeric(r) || r == ':');

        Backup();
        var word = _input[_start.._pos];
        if (Keywords.TryGetValue(word, out var kw))
        {
            Emit(kw, word);
        }
        else
        {
            Emit(word.Contains(':', StringComparison.Ordinal) ? TokenType.MetricIdentifier : TokenType.Identifier, word);
        }
    }

    private void LexString(int quote)
    {
        while (true)
        {
            var r = Next();
            if (r == '\\')
            {
                if (!LexEscape(quote))
                {
                    return;
                }

                continue;
            }

            if (r is EofRune or '\n')
            {
                Error("unterminated quoted string");
                return;
            }

            if (r == quote)
            {
                break;
            }
        }

        Emit(TokenType.String);
    }

    private bool LexEscape(int quote)
    {
        int n, radix, max;
        var ch = Next();
        switch (ch)
        {
            case 'a' or 'b' or 'f' or 'n' or 'r' or 't' or 'v' or '\\':
                return true;
            case >= '0' and <= '7':
                (n, radix, max) = (3, 8, 255);
                break;
            case 'x':
                ch = Next();
                (n, radix, max) = (2, 16, 255);
                break;
            case 'u':
                ch = Next();
                (n, radix, max) = (4, 16, 0x10FFFF);
                break;
            case 'U':
                ch = Next();
                (n, radix, max) = (8, 16, 0x10FFFF);
                break;
            case EofRune:
                Error("escape sequence not terminated");
                return false;
            default:
                if (ch == quote)
                {
                    return true;
                }

                Error("unknown escape sequence " + GoStrings.FormatU(ch));
                return false;
        }

        long x = 0;
        while (n > 0)
        {
            var d = GoStrings.DigitVal(ch);
            if (d >= radix)
            {
                Error(ch == EofRune ? "escape sequence not terminated" : "illegal character " + GoStrings.FormatU(ch) + " in escape sequence");
                return false;
            }

            x = (x * radix) + d;
            n--;
            if (n > 0)
            {
                ch = Next();
            }
        }

        if (x > max || (x >= 0xD800 && x < 0xE000))
        {
            Error("escape sequence is an invalid Unicode code point");
            return false;
        }

        return true;
    }

    private void LexRawString()
    {
        while (true)
        {
            var r = Next();
            if (r == EofRune)
            {
                Error("unterminated raw string");
                return;
            }

            if (r == '`')
            {
                break;
            }
        }

        Emit(TokenType.String);
    }

    private void LexNumberOrDuration()
    {
        if (ScanNumber())
        {
            Emit(TokenType.Number);
            return;
        }

        if (AcceptRemainingDuration())
        {
            Backup();
            Emit(TokenType.Duration);
            return;
        }

        Error("bad number or duration syntax: " + GoStrings.Quote(_input[_start.._pos]));
    }

    private bool AcceptRemainingDuration()
    {
        if (!Accept("smhdwy"))
        {
            return false;
        }

        Accept("s");
        while (Accept(Digits))
        {
            while (Accept(Digits))
            {
            }

            if (!Accept("smhdw"))
            {
                return false;
            }

            Accept("s");
        }

        return !IsAlphaNumeric(Next());
    }

    private bool ScanNumber()
    {
        var initialPos = _pos;
        var digits = Digits;
        if (Accept("0") && Accept("xX"))
        {
            Accept("_");
            digits = HexDigits;
        }

        var hex = digits.Length > 10;
        Accept(".");
        Accept(digits);
        var dotConsumed = false;
        var exponentConsumed = false;
        while (Is(digits) || Is("._eE"))
        {
            if (Is(".") && dotConsumed)
            {
                Accept(".");
                return false;
            }

            if (Is("eE") && exponentConsumed)
            {
                Accept("eE");
                return false;
            }

            if (Accept("."))
            {
                dotConsumed = true;
                if (Accept("_.") || hex)
                {
                    return false;
                }

                continue;
            }

            if (Accept("eE"))
            {
                exponentConsumed = true;
                Accept("+-");
                if (Accept("._eE") || Peek() == EofRune)
                {
                    return false;
                }

                continue;
            }

            if (Accept("_"))
            {
                if (Accept("._eE") || Peek() == EofRune)
                {
                    return false;
                }

                continue;
            }

            AcceptRun(digits);
        }

        return _pos != initialPos && !IsAlphaNumeric(Peek());
    }

    private bool StartsWithComment() => _pos < _input.Length && _input[_pos] == '#';

    private void SkipComment()
    {
        while (_pos < _input.Length && _input[_pos] is not ('\r' or '\n'))
        {
            _pos++;
        }

        _start = _pos;
    }

    private void SkipSpaces()
    {
        while (_pos < _input.Length && IsSpace(_input[_pos]))
        {
            _pos++;
        }

        _start = _pos;
    }

    private int Next()
    {
        if (_pos >= _input.Length)
        {
            _width = 0;
            return EofRune;
        }

        var c = _input[_pos];
        if (char.IsHighSurrogate(c) && _pos + 1 < _input.Length && char.IsLowSurrogate(_input[_pos + 1]))
        {
            _width = 2;
            _pos += 2;
            return char.ConvertToUtf32(c, _input[_pos - 1]);
        }

        _width = 1;
        _pos++;
        return c;
    }

    private void Backup() => _pos -= _width;

    private int Peek()
    {
        var r = Next();
        Backup();
        return r;
    }

    private bool Accept(string valid)
    {
        var r = Next();
        if (r >= 0 && r < 0x10000 && valid.Contains((char)r, StringComparison.Ordinal))
        {
            return true;
        }

        Backup();
        return false;
    }

    private void AcceptRun(string valid)
    {
        while (Accept(valid))
        {
        }
    }

    private bool Is(string valid)
    {
        var r = Peek();
        return r >= 0 && r < 0x10000 && valid.Contains((char)r, StringComparison.Ordinal);
    }

    private void Emit(TokenType t, string? text = null)
    {
        text ??= t.Symbol() ?? _input[_start.._pos];
        _tokens.Add(new Token(t, t, _start, _pos, text));
        _start = _pos;
    }

    private void Error(string message)
    {
        _tokens.Add(new Token(TokenType.Error, TokenType.Error, _start, _input.Length, message));
        _done = true;
    }

    private static bool IsSpace(int r) => r is ' ' or '\t' or '\n' or '\r';

    private static bool IsDigit(int r) => r is >= '0' and <= '9';

    private static bool IsAlpha(int r) => r == '_' || r is >= 'a' and <= 'z' || r is >= 'A' and <= 'Z';

    private static bool IsAlphaNumeric(int r) => IsAlpha(r) || IsDigit(r);
}
