using System.Globalization;
using System.Text;

namespace Tsdb.Alerting.Templates;

/// <summary>
/// Recursive-descent parser for text/template (parse/parse.go), producing the same trees and the same error
/// messages. Function names are checked at parse time against the function table, as in Go.
/// </summary>
internal sealed class TemplateParser
{
    private readonly string _parseName;
    private readonly string _text;
    private readonly Func<string, bool> _hasFunction;
    private readonly List<Token> _tokens;
    private readonly Dictionary<string, TemplateTree> _definitions;
    private int _index;
    private int _line = 1;
    private int _actionLine;
    private List<string> _vars;
    private int _rangeDepth;

    /// <summary>Nesting of pipelines and control structures; Go stops at 10000, .NET stacks need a lower cap.</summary>
    private int _depth;
    private const int MaxDepth = 1000;

    private TemplateParser(string parseName, string text, Func<string, bool> hasFunction, IReadOnlyList<string> predeclared, Dictionary<string, TemplateTree> definitions)
    {
        _parseName = parseName;
        _text = text;
        _hasFunction = hasFunction;
        _tokens = TemplateLexer.Lex(text);
        _definitions = definitions;
        _vars = ["$", .. predeclared];
    }

    /// <summary>Parses <paramref name="text"/>; definitions found in it are added to <paramref name="definitions"/>.</summary>
    public static ListNode Parse(string name, string text, Func<string, bool> hasFunction, IReadOnlyList<string> predeclared, Dictionary<string, TemplateTree> definitions)
    {
        var parser = new TemplateParser(name, text, hasFunction, predeclared, definitions);
        return parser.ParseRoot();
    }

    public static bool IsEmptyTree(ListNode list)
    {
        foreach (var n in list.Nodes)
        {
            if (n is not TextNode t || !string.IsNullOrWhiteSpace(t.Text))
            {
                return false;
            }
        }

        return true;
    }

    private Token Next()
    {
        var t = _tokens[Math.Min(_index, _tokens.Count - 1)];
        _index++;
        _line = t.Line;
        return t;
    }

    private void Backup() => _index--;

    private Token Peek() => _tokens[Math.Min(_index, _tokens.Count - 1)];

    private Token NextNonSpace()
    {
        Token t;
        do
        {
            t = Next();
        }
        while (t.Kind == TokenKind.Space);
        return t;
    }

    private Token PeekNonSpace()
    {
        var t = NextNonSpace();
        Backup();
        return t;
    }

    private TemplateException Error(string message) =>
        new("template: " + _parseName + ":" + _line.ToString(CultureInfo.InvariantCulture) + ": " + message) { IsParseError = true };

    private TemplateException Unexpected(Token token, string context)
    {
        if (token.Kind == TokenKind.Error)
        {
            var extra = "";
            if (_actionLine != 0 && _actionLine != token.Line)
            {
                extra = " in action started at " + _parseName + ":" + _actionLine.ToString(CultureInfo.InvariantCulture);
                if (token.Value.EndsWith(" action", StringComparison.Ordinal))
                {
                    extra = extra[" in action".Length..];
                }
            }

            return Error(token.Value + extra);
        }

        return Error("unexpected " + token + " in " + context);
    }

    private Token Expect(TokenKind kind, string context)
    {
        var t = NextNonSpace();
        if (t.Kind != kind)
        {
            throw Unexpected(t, context);
        }

        return t;
    }

    private ListNode ParseRoot()
    {
        var root = new ListNode(0);
        var defined = new HashSet<string>(StringComparer.Ordinal);
        while (Peek().Kind != TokenKind.Eof)
        {
            if (Peek().Kind == TokenKind.LeftDelim)
            {
                var save = _index;
                Next();
                if (NextNonSpace().Kind == TokenKind.Define)
                {
                    ParseDefinition(defined);
                    continue;
                }

                _index = save;
            }

            var n = TextOrAction();
            if (n is EndNode or ElseNode)
            {
                throw Error("unexpected " + n);
            }

            root.Nodes.Add(n);
        }

        return root;
    }

    private void AddDefinition(string name, ListNode body, HashSet<string> defined)
    {
        if (_definitions.TryGetValue(name, out var existing) && defined.Contains(name) && !IsEmptyTree(existing.Root) && !IsEmptyTree(body))
        {
            throw Error("template: multiple definition of template " + GoFormat.Quote(name));
        }

        // An empty definition never replaces a non-empty one (Go's AddParseTree rule).
        if (existing is null || IsEmptyTree(existing.Root) || !IsEmptyTree(body))
        {
            _definitions[name] = new TemplateTree(name, _parseName, _text, body);
        }

        defined.Add(name);
    }

    private void ParseDefinition(HashSet<string> defined)
    {
        const string context = "define clause";
        var nameToken = NextNonSpace();
        if (nameToken.Kind is not (TokenKind.String or TokenKind.RawString))
        {
            throw Unexpected(nameToken, context);
        }

        var name = Unquote(nameToken.Value);
        Expect(TokenKind.RightDelim, context);
        var (savedVars, savedDepth) = (_vars, _rangeDepth);
        _vars = ["$"];
        _rangeDepth = 0;
        var (body, end) = ItemList();
        if (end is not EndNode)
        {
            throw Error("unexpected " + end + " in " + context);
        }

        (_vars, _rangeDepth) = (savedVars, savedDepth);
        AddDefinition(name, body, defined);
    }

    private (ListNode List, Node End) ItemList()
    {
        var list = new ListNode(PeekNonSpace().Pos);
        while (PeekNonSpace().Kind != TokenKind.Eof)
        {
            var n = TextOrAction();
            if (n is EndNode or ElseNode)
            {
                return (list, n);
            }

            list.Nodes.Add(n);
        }

        throw Error("unexpected EOF");
    }

    private Node TextOrAction()
    {
        var token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Text:
                return new TextNode(token.Pos, token.Value);
            case TokenKind.LeftDelim:
                _actionLine = token.Line;
                try
                {
                    return Action();
                }
                finally
                {
                    _actionLine = 0;
                }

            default:
                throw Unexpected(token, "input");
        }
    }

    private Node Action()
    {
        var token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Block:
                return BlockControl();
            case TokenKind.Break:
                return BreakOrContinue(token, "break");
            case TokenKind.Continue:
                return BreakOrContinue(token, "continue");
            case TokenKind.Else:
                return ElseControl();
            case TokenKind.End:
                return new EndNode(Expect(TokenKind.RightDelim, "end").Pos);
            case TokenKind.If:
                return Control(BranchKind.If, "if");
            case TokenKind.Range:
                return Control(BranchKind.Range, "range");
            case TokenKind.Template:
                return TemplateControl();
            case TokenKind.With:
                return Control(BranchKind.With, "with");
        }

        Backup();
        var start = Peek();
        return new ActionNode(start.Pos, Pipeline("command", TokenKind.RightDelim));
    }

    private Node BreakOrContinue(Token keyword, string name)
    {
        var token = NextNonSpace();
        if (token.Kind != TokenKind.RightDelim)
        {
            throw Unexpected(token, "{{" + name + "}}");
        }

        if (_rangeDepth == 0)
        {
            throw Error("{{" + name + "}} outside {{range}}");
        }

        return name == "break" ? new BreakNode(keyword.Pos) : new ContinueNode(keyword.Pos);
    }

    private Node ElseControl()
    {
        var peek = PeekNonSpace();
        if (peek.Kind is TokenKind.If or TokenKind.With)
        {
            // "else if" / "else with": the keyword is left for Control to consume.
            return new ElseNode(peek.Pos);
        }

        return new ElseNode(Expect(TokenKind.RightDelim, "else").Pos);
    }

    private Node Control(BranchKind kind, string context)
    {
        var varCount = _vars.Count;
        if (++_depth > MaxDepth)
        {
            throw Error("max expression depth exceeded");
        }

        try
        {
            var pipe = Pipeline(context, TokenKind.RightDelim);
            if (kind == BranchKind.Range)
            {
                _rangeDepth++;
            }

            var (list, next) = ItemList();
            if (kind == BranchKind.Range)
            {
                _rangeDepth--;
            }

            ListNode? elseList = null;
            if (next is ElseNode)
            {
                var peek = Peek();
                if ((kind == BranchKind.If && peek.Kind == TokenKind.If) || (kind == BranchKind.With && peek.Kind == TokenKind.With))
                {
                    Next();
                    elseList = new ListNode(next.Pos);
                    elseList.Nodes.Add(Control(kind, context));
                }
                else
                {
                    Node end;
                    (elseList, end) = ItemList();
                    if (end is not EndNode)
                    {
                        throw Error("expected end; found " + end);
                    }
                }
            }

            return new BranchNode(pipe.Pos, kind, pipe, list, elseList);
        }
        finally
        {
            _depth--;
            _vars.RemoveRange(varCount, _vars.Count - varCount);
        }
    }

    private string TemplateName(Token token, string context)
    {
        if (token.Kind is TokenKind.String or TokenKind.RawString)
        {
            return Unquote(token.Value);
        }

        throw Unexpected(token, context);
    }

    private Node TemplateControl()
    {
        const string context = "template clause";
        var token = NextNonSpace();
        var name = TemplateName(token, context);
        PipeNode? pipe = null;
        if (NextNonSpace().Kind != TokenKind.RightDelim)
        {
            Backup();
            pipe = Pipeline(context, TokenKind.RightDelim);
        }

        return new TemplateNode(token.Pos, name, pipe);
    }

    private Node BlockControl()
    {
        const string context = "block clause";
        var token = NextNonSpace();
        var name = TemplateName(token, context);
        var pipe = Pipeline(context, TokenKind.RightDelim);
        var (savedVars, savedDepth) = (_vars, _rangeDepth);
        _vars = ["$"];
        _rangeDepth = 0;
        var (body, end) = ItemList();
        if (end is not EndNode)
        {
            throw Error("unexpected " + end + " in " + context);
        }

        (_vars, _rangeDepth) = (savedVars, savedDepth);
        AddDefinition(name, body, []);
        return new TemplateNode(token.Pos, name, pipe);
    }

    private PipeNode Pipeline(string context, TokenKind end)
    {
        if (++_depth > MaxDepth)
        {
            throw Error("max expression depth exceeded");
        }

        try
        {
            return PipelineCore(context, end);
        }
        finally
        {
            _depth--;
        }
    }

    private PipeNode PipelineCore(string context, TokenKind end)
    {
        var pipe = new PipeNode(PeekNonSpace().Pos);
    Decls:
        var v = PeekNonSpace();
        if (v.Kind == TokenKind.Variable)
        {
            var save = _index;
            NextNonSpace();
            var tokenAfterVariable = Peek();
            var next = PeekNonSpace();
            if (next.Kind is TokenKind.Assign or TokenKind.Declare)
            {
                pipe.IsAssign = next.Kind == TokenKind.Assign;
                NextNonSpace();
                pipe.Decl.Add(new VariableNode(v.Pos, [v.Value]));
                _vars.Add(v.Value);
            }
            else if (next.Kind == TokenKind.Char && next.Value == ",")
            {
                NextNonSpace();
                pipe.Decl.Add(new VariableNode(v.Pos, [v.Value]));
                _vars.Add(v.Value);
                if (context == "range" && pipe.Decl.Count < 2)
                {
                    if (PeekNonSpace().Kind is TokenKind.Variable or TokenKind.RightDelim or TokenKind.RightParen)
                    {
                        goto Decls;
                    }

                    throw Error("range can only initialize variables");
                }

                throw Error("too many declarations in " + context);
            }
            else
            {
                _ = tokenAfterVariable;
                _index = save;
            }
        }

        while (true)
        {
            var token = NextNonSpace();
            if (token.Kind == end)
            {
                CheckPipeline(pipe, context);
                return pipe;
            }

            switch (token.Kind)
            {
                case TokenKind.Bool or TokenKind.CharConstant or TokenKind.Dot or TokenKind.Field or TokenKind.Identifier
                    or TokenKind.Number or TokenKind.Nil or TokenKind.RawString or TokenKind.String or TokenKind.Variable
                    or TokenKind.LeftParen:
                    Backup();
                    pipe.Cmds.Add(Command());
                    break;
                default:
                    throw Unexpected(token, context);
            }
        }
    }

    private void CheckPipeline(PipeNode pipe, string context)
    {
        if (pipe.Cmds.Count == 0)
        {
            throw Error("missing value for " + context);
        }

        for (var i = 1; i < pipe.Cmds.Count; i++)
        {
            if (pipe.Cmds[i].Args[0] is BoolNode or DotNode or NilNode or NumberNode or StringNode)
            {
                throw Error("non executable command in pipeline stage " + (i + 1).ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private CommandNode Command()
    {
        var cmd = new CommandNode(PeekNonSpace().Pos);
        while (true)
        {
            PeekNonSpace();
            var operand = Operand();
            if (operand is not null)
            {
                cmd.Args.Add(operand);
            }

            var token = Next();
            if (token.Kind == TokenKind.Space)
            {
                continue;
            }

            if (token.Kind is TokenKind.RightDelim or TokenKind.RightParen)
            {
                Backup();
            }
            else if (token.Kind != TokenKind.Pipe)
            {
                throw Unexpected(token, "operand");
            }

            break;
        }

        if (cmd.Args.Count == 0)
        {
            throw Error("empty command");
        }

        return cmd;
    }

    private Node? Operand()
    {
        var node = Term();
        if (node is null)
        {
            return null;
        }

        if (Peek().Kind == TokenKind.Field)
        {
            var chainPos = Peek().Pos;
            var fields = new List<string>();
            while (Peek().Kind == TokenKind.Field)
            {
                fields.Add(Next().Value[1..]);
            }

            switch (node)
            {
                case FieldNode f:
                    return new FieldNode(chainPos, [.. f.Ident, .. fields]);
                case VariableNode v:
                    return new VariableNode(chainPos, [.. v.Ident, .. fields]);
                case BoolNode or StringNode or NumberNode or NilNode or DotNode:
                    throw Error("unexpected . after term " + GoFormat.Quote(node.ToString() ?? ""));
                default:
                    return new ChainNode(chainPos, node, [.. fields]);
            }
        }

        return node;
    }

    private Node? Term()
    {
        var token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Identifier:
                if (!_hasFunction(token.Value))
                {
                    throw Error("function " + GoFormat.Quote(token.Value) + " not defined");
                }

                return new IdentifierNode(token.Pos, token.Value);
            case TokenKind.Dot:
                return new DotNode(token.Pos);
            case TokenKind.Nil:
                return new NilNode(token.Pos);
            case TokenKind.Variable:
                if (!_vars.Contains(token.Value))
                {
                    throw Error("undefined variable " + GoFormat.Quote(token.Value));
                }

                return new VariableNode(token.Pos, [token.Value]);
            case TokenKind.Field:
                return new FieldNode(token.Pos, [token.Value[1..]]);
            case TokenKind.Bool:
                return new BoolNode(token.Pos, token.Value == "true");
            case TokenKind.CharConstant:
                var r = Unquote(token.Value);
                return new NumberNode(token.Pos, (long)Rune.GetRuneAt(r, 0).Value, token.Value);
            case TokenKind.Number:
                return new NumberNode(token.Pos, ParseNumber(token.Value), token.Value);
            case TokenKind.LeftParen:
                return Pipeline("parenthesized pipeline", TokenKind.RightParen);
            case TokenKind.String:
            case TokenKind.RawString:
                return new StringNode(token.Pos, token.Value, Unquote(token.Value));
        }

        Backup();
        return null;
    }

    private object ParseNumber(string text)
    {
        var s = text.Replace("_", "", StringComparison.Ordinal);
        var neg = s.StartsWith('-');
        var body = s.TrimStart('+', '-');
        var lower = body.ToLowerInvariant();
        var isHex = lower.StartsWith("0x", StringComparison.Ordinal);
        if (lower.EndsWith('i'))
        {
            throw Error("illegal number syntax: " + GoFormat.Quote(text));
        }

        if (!isHex && body.AsSpan().IndexOfAny(".eEpP") >= 0)
        {
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            {
                return d;
            }

            throw Error("illegal number syntax: " + GoFormat.Quote(text));
        }

        ulong mag;
        try
        {
            if (isHex)
            {
                mag = ulong.Parse(body.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            }
            else if (lower.StartsWith("0b", StringComparison.Ordinal))
            {
                mag = Convert.ToUInt64(body[2..], 2);
            }
            else if (lower.StartsWith("0o", StringComparison.Ordinal))
            {
                mag = Convert.ToUInt64(body[2..], 8);
            }
            else if (body.Length > 1 && body[0] == '0')
            {
                mag = Convert.ToUInt64(body[1..], 8);
            }
            else
            {
                mag = ulong.Parse(body, NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            if (!isHex && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var big))
            {
                return big;
            }

            throw Error("illegal number syntax: " + GoFormat.Quote(text));
        }

        if (neg)
        {
            return mag <= (ulong)long.MaxValue + 1 ? (long)(0 - mag) : -(double)mag;
        }

        return mag <= long.MaxValue ? (long)mag : mag;
    }

    /// <summary>strconv.Unquote for "..." (Go escapes), `raw` and 'c'.</summary>
    private string Unquote(string quoted)
    {
        if (quoted.Length < 2)
        {
            throw Error("invalid syntax");
        }

        var q = quoted[0];
        var inner = quoted[1..^1];
        if (q == '`')
        {
            return inner.Replace("\r", "", StringComparison.Ordinal);
        }

        var sb = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            var c = inner[i];
            if (c != '\\')
            {
                if (c == q)
                {
                    throw Error("invalid syntax");
                }

                sb.Append(c);
                continue;
            }

            if (++i >= inner.Length)
            {
                throw Error("invalid syntax");
            }

            c = inner[i];
            switch (c)
            {
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case '\\': sb.Append('\\'); break;
                case '"' or '\'' when c == q: sb.Append(c); break;
                case 'x':
                    AppendCode(sb, inner, ref i, 2, 16, isByte: true);
                    break;
                case 'u':
                    AppendCode(sb, inner, ref i, 4, 16, isByte: false);
                    break;
                case 'U':
                    AppendCode(sb, inner, ref i, 8, 16, isByte: false);
                    break;
                case >= '0' and <= '7':
                    i--;
                    AppendCode(sb, inner, ref i, 3, 8, isByte: true);
                    break;
                default:
                    throw Error("invalid syntax");
            }
        }

        if (q == '\'' && sb.ToString().EnumerateRunes().Count() != 1)
        {
            throw Error("malformed character constant: " + quoted);
        }

        return sb.ToString();
    }

    private void AppendCode(StringBuilder sb, string s, ref int i, int len, int radix, bool isByte)
    {
        if (i + len >= s.Length)
        {
            throw Error("invalid syntax");
        }

        int value;
        try
        {
            value = Convert.ToInt32(s.Substring(i + 1, len), radix);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw Error("invalid syntax");
        }

        i += len;
        // \x and octal escapes are bytes in Go; bytes >= 0x80 would make invalid UTF-8, which we map to Latin-1.
        if (isByte || Rune.IsValid(value))
        {
            sb.Append(char.ConvertFromUtf32(isByte ? value & 0xff : value));
        }
        else
        {
            throw Error("invalid syntax");
        }
    }
}
