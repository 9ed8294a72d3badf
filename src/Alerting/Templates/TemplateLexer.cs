using System.Text;

namespace Tsdb.Alerting.Templates;

internal enum TokenKind : byte
{
    Error,
    Eof,
    Text,
    LeftDelim,
    RightDelim,
    Space,
    Identifier,
    Field,
    Variable,
    String,
    RawString,
    CharConstant,
    Number,
    Bool,
    Nil,
    Dot,
    Pipe,
    LeftParen,
    RightParen,
    Assign,
    Declare,
    Char,

    // Keywords: everything after this marker prints as <keyword> in errors, as in Go.
    KeywordMarker,
    Block,
    Break,
    Continue,
    Define,
    Else,
    End,
    If,
    Range,
    Template,
    With,
}

/// <summary>A lexed item: <c>Pos</c> is the char offset into the whole text, <c>Line</c> is 1-based.</summary>
internal readonly record struct Token(TokenKind Kind, int Pos, string Value, int Line)
{
    /// <summary>How Go's parser shows a token in "unexpected X in Y" messages.</summary>
    public override string ToString() => Kind switch
    {
        TokenKind.Eof => "EOF",
        TokenKind.Error => Value,
        > TokenKind.KeywordMarker => "<" + Value + ">",
        _ when Value.Length > 10 => GoFormat.Quote(Value[..10]) + "...",
        _ => GoFormat.Quote(Value),
    };
}

/// <summary>
/// Go text/template's lexer (text/template/parse/lex.go), run eagerly into a list: it stops at the first
/// error token, which the parser meets exactly where Go's concurrent lexer would hand it over.
/// </summary>
internal sealed class TemplateLexer
{
    private const string LeftDelimText = "{{";
    private const string RightDelimText = "}}";

    private static readonly Dictionary<string, TokenKind> Keywords = new(StringComparer.Ordinal)
    {
        ["block"] = TokenKind.Block,
        ["break"] = TokenKind.Break,
        ["continue"] = TokenKind.Continue,
        ["define"] = TokenKind.Define,
        ["else"] = TokenKind.Else,
        ["end"] = TokenKind.End,
        ["if"] = TokenKind.If,
        ["range"] = TokenKind.Range,
        ["template"] = TokenKind.Template,
        ["with"] = TokenKind.With,
    };

    private readonly string _input;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private int _start;
    private int _line = 1;
    private int _startLine = 1;
    private int _parenDepth;

    private TemplateLexer(string input)
    {
        _input = input;
    }

    public static List<Token> Lex(string input)
    {
        var lexer = new TemplateLexer(input);
        lexer.Run();
        return lexer._tokens;
    }

    private void Run()
    {
        while (true)
        {
            var next = LexText();
            if (next == Next.Stop || (next == Next.Action && !LexAction()))
            {
                return;
            }
        }
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private void Emit(TokenKind kind)
    {
        _tokens.Add(new Token(kind, _start, _input[_start.._pos], _startLine));
        Ignore();
    }

    private void Ignore()
    {
        _line += CountNewlines(_start, _pos);
        _start = _pos;
        _startLine = _line;
    }

    private int CountNewlines(int from, int to)
    {
        var n = 0;
        for (var i = from; i < to; i++)
        {
            if (_input[i] == '\n')
            {
                n++;
            }
        }

        return n;
    }

    private bool Error(string message)
    {
        _tokens.Add(new Token(TokenKind.Error, _start, message, _startLine));
        return false;
    }

    private bool AtRightDelim(out bool trim)
    {
        trim = false;
        var rest = _input.AsSpan(_pos);
        if (rest.Length >= 2 && IsSpace(rest[0]) && rest[1] == '-' && rest[2..].StartsWith(RightDelimText, StringComparison.Ordinal))
        {
            trim = true;
            return true;
        }

        return rest.StartsWith(RightDelimText, StringComparison.Ordinal);
    }

    private enum Next : byte
    {
        Stop,
        Action,
        Text,
    }

    /// <summary>Text up to the next left delimiter, then what follows it.</summary>
    private Next LexText()
    {
        var idx = _input.IndexOf(LeftDelimText, _pos, StringComparison.Ordinal);
        if (idx < 0)
        {
            _pos = _input.Length;
            if (_pos > _start)
            {
                Emit(TokenKind.Text);
            }

            _tokens.Add(new Token(TokenKind.Eof, _pos, "", _line));
            return Next.Stop;
        }

        var after = idx + LeftDelimText.Length;
        var trimLeft = after + 1 < _input.Length && _input[after] == '-' && IsSpace(_input[after + 1]);
        var textEnd = idx;
        if (trimLeft)
        {
            while (textEnd > _start && IsSpace(_input[textEnd - 1]))
            {
                textEnd--;
            }
        }

        _pos = textEnd;
        if (_pos > _start)
        {
            Emit(TokenKind.Text);
        }

        _pos = idx;
        Ignore();
        _pos = after + (trimLeft ? 1 : 0);

        // A comment must follow the delimiter (and trim marker plus space) immediately.
        var commentAt = trimLeft ? _pos + 1 : _pos;
        if (string.CompareOrdinal(_input, commentAt, "/*", 0, 2) == 0)
        {
            return LexComment(commentAt) ? Next.Text : Next.Stop;
        }

        _tokens.Add(new Token(TokenKind.LeftDelim, idx, _input[idx.._pos], _line));
        _start = _pos;
        _startLine = _line;
        return Next.Action;
    }

    private bool LexComment(int commentStart)
    {
        var end = _input.IndexOf("*/", commentStart + 2, StringComparison.Ordinal);
        if (end < 0)
        {
            return Error("unclosed comment");
        }

        _pos = end + 2;
        if (!AtRightDelim(out var trim))
        {
            return Error("comment ends before closing delimiter");
        }

        _pos += (trim ? 2 : 0) + RightDelimText.Length;
        if (trim)
        {
            while (_pos < _input.Length && IsSpace(_input[_pos]))
            {
                _pos++;
            }
        }

        Ignore();
        return true;
    }

    /// <summary>Inside {{ }}; returns false after an error or EOF.</summary>
    private bool LexAction()
    {
        while (true)
        {
            if (AtRightDelim(out var trim))
            {
                if (_parenDepth != 0)
                {
                    return Error("unclosed left paren");
                }

                if (trim)
                {
                    _pos += 2;
                    Ignore();
                }

                _pos += RightDelimText.Length;
                Emit(TokenKind.RightDelim);
                if (trim)
                {
                    while (_pos < _input.Length && IsSpace(_input[_pos]))
                    {
                        _pos++;
                    }

                    Ignore();
                }

                return true;
            }

            if (_pos >= _input.Length)
            {
                return Error("unclosed action");
            }

            var c = _input[_pos];
            if (IsSpace(c))
            {
                // A space run stops before " -}}" so the trim marker is seen.
                while (_pos < _input.Length && IsSpace(_input[_pos]) && !AtRightDelim(out _))
                {
                    _pos++;
                }

                if (_pos > _start)
                {
                    Emit(TokenKind.Space);
                }

                continue;
            }

            _pos++;
            switch (c)
            {
                case '=':
                    Emit(TokenKind.Assign);
                    continue;
                case ':':
                    if (_pos >= _input.Length || _input[_pos] != '=')
                    {
                        return Error("expected :=");
                    }

                    _pos++;
                    Emit(TokenKind.Declare);
                    continue;
                case '|':
                    Emit(TokenKind.Pipe);
                    continue;
                case '"':
                    if (!LexQuote())
                    {
                        return false;
                    }

                    continue;
                case '`':
                    var close = _input.IndexOf('`', _pos);
                    if (close < 0)
                    {
                        return Error("unterminated raw quoted string");
                    }

                    _pos = close + 1;
                    Emit(TokenKind.RawString);
                    continue;
                case '$':
                    if (!LexFieldOrVariable(TokenKind.Variable))
                    {
                        return false;
                    }

                    continue;
                case '\'':
                    if (!LexChar())
                    {
                        return false;
                    }

                    continue;
                case '(':
                    Emit(TokenKind.LeftParen);
                    _parenDepth++;
                    continue;
                case ')':
                    _parenDepth--;
                    if (_parenDepth < 0)
                    {
                        return Error("unexpected right paren");
                    }

                    Emit(TokenKind.RightParen);
                    continue;
            }

            if (c == '.' && (_pos >= _input.Length || !char.IsAsciiDigit(_input[_pos])))
            {
                if (!LexFieldOrVariable(TokenKind.Field))
                {
                    return false;
                }

                continue;
            }

            if (c is '.' or '+' or '-' || char.IsAsciiDigit(c))
            {
                _pos--;
                if (!LexNumber())
                {
                    return false;
                }

                continue;
            }

            if (IsAlphaNumeric(c))
            {
                _pos--;
                if (!LexIdentifier())
                {
                    return false;
                }

                continue;
            }

            if (c <= 0x7f && !char.IsControl(c))
            {
                Emit(TokenKind.Char);
                continue;
            }

            var rune = Rune.GetRuneAt(_input, _pos - 1);
            return Error("unrecognized character in action: " + GoFormat.UnicodeForm(rune));
        }
    }

    private static bool IsAlphaNumeric(char c) => c == '_' || char.IsLetterOrDigit(c);

    private bool AtTerminator()
    {
        if (_pos >= _input.Length)
        {
            return true;
        }

        var c = _input[_pos];
        if (IsSpace(c) || c is '.' or ',' or '|' or ':' or ')' or '(')
        {
            return true;
        }

        return _input.AsSpan(_pos).StartsWith(RightDelimText, StringComparison.Ordinal);
    }

    private bool BadCharacter()
    {
        var rune = Rune.GetRuneAt(_input, _pos);
        return Error("bad character " + GoFormat.UnicodeForm(rune));
    }

    private bool LexFieldOrVariable(TokenKind kind)
    {
        if (AtTerminator())
        {
            Emit(kind == TokenKind.Variable ? TokenKind.Variable : TokenKind.Dot);
            return true;
        }

        while (_pos < _input.Length && IsAlphaNumeric(_input[_pos]))
        {
            _pos++;
        }

        if (!AtTerminator())
        {
            return BadCharacter();
        }

        Emit(kind);
        return true;
    }

    private bool LexIdentifier()
    {
        while (_pos < _input.Length && IsAlphaNumeric(_input[_pos]))
        {
            _pos++;
        }

        if (!AtTerminator())
        {
            return BadCharacter();
        }

        var word = _input[_start.._pos];
        if (Keywords.TryGetValue(word, out var kw))
        {
            Emit(kw);
        }
        else if (word is "true" or "false")
        {
            Emit(TokenKind.Bool);
        }
        else if (word == "nil")
        {
            Emit(TokenKind.Nil);
        }
        else
        {
            Emit(TokenKind.Identifier);
        }

        return true;
    }

    private bool LexQuote()
    {
        while (true)
        {
            if (_pos >= _input.Length || _input[_pos] == '\n')
            {
                return Error("unterminated quoted string");
            }

            var c = _input[_pos++];
            if (c == '\\')
            {
                if (_pos >= _input.Length || _input[_pos] == '\n')
                {
                    return Error("unterminated quoted string");
                }

                _pos++;
            }
            else if (c == '"')
            {
                Emit(TokenKind.String);
                return true;
            }
        }
    }

    private bool LexChar()
    {
        while (true)
        {
            if (_pos >= _input.Length || _input[_pos] == '\n')
            {
                return Error("unterminated character constant");
            }

            var c = _input[_pos++];
            if (c == '\\')
            {
                if (_pos >= _input.Length || _input[_pos] == '\n')
                {
                    return Error("unterminated character constant");
                }

                _pos++;
            }
            else if (c == '\'')
            {
                Emit(TokenKind.CharConstant);
                return true;
            }
        }
    }

    private bool LexNumber()
    {
        if (_pos < _input.Length && _input[_pos] is '+' or '-')
        {
            _pos++;
        }

        var digits = "0123456789_";
        if (_pos + 1 < _input.Length && _input[_pos] == '0' && char.ToLowerInvariant(_input[_pos + 1]) is 'x' or 'o' or 'b')
        {
            var p = char.ToLowerInvariant(_input[_pos + 1]);
            _pos += 2;
            digits = p == 'x' ? "0123456789abcdefABCDEF_" : p == 'o' ? "01234567_" : "01_";
        }

        Accept(digits);
        if (_pos < _input.Length && _input[_pos] == '.')
        {
            _pos++;
            Accept(digits);
        }

        if (digits.Length == 11 && _pos < _input.Length && _input[_pos] is 'e' or 'E')
        {
            _pos++;
            if (_pos < _input.Length && _input[_pos] is '+' or '-')
            {
                _pos++;
            }

            Accept("0123456789_");
        }

        if (digits.Length == 23 && _pos < _input.Length && _input[_pos] is 'p' or 'P')
        {
            _pos++;
            if (_pos < _input.Length && _input[_pos] is '+' or '-')
            {
                _pos++;
            }

            Accept("0123456789_");
        }

        if (_pos < _input.Length && _input[_pos] == 'i')
        {
            _pos++;
        }

        if (_pos < _input.Length && IsAlphaNumeric(_input[_pos]))
        {
            _pos++;
            return Error("bad number syntax: " + GoFormat.Quote(_input[_start.._pos]));
        }

        Emit(TokenKind.Number);
        return true;
    }

    private void Accept(string valid)
    {
        while (_pos < _input.Length && valid.Contains(_input[_pos], StringComparison.Ordinal))
        {
            _pos++;
        }
    }
}
