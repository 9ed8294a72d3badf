using System.Text;

namespace Tsdb.Alerting.Templates;

/// <summary>
/// Parse tree of text/template (parse/node.go). <see cref="object.ToString"/> renders a node the way Go does,
/// because execution errors quote it (<c>at &lt;.Labels.x&gt;</c>).
/// </summary>
internal abstract class Node(int pos)
{
    public int Pos { get; } = pos;
}

internal sealed class ListNode(int pos) : Node(pos)
{
    public List<Node> Nodes { get; } = [];
}

internal sealed class TextNode(int pos, string text) : Node(pos)
{
    public string Text { get; } = text;

    public override string ToString() => GoFormat.Quote(Text);
}

internal sealed class ActionNode(int pos, PipeNode pipe) : Node(pos)
{
    public PipeNode Pipe { get; } = pipe;

    public override string ToString() => "{{" + Pipe + "}}";
}

internal sealed class PipeNode(int pos) : Node(pos)
{
    public List<VariableNode> Decl { get; } = [];

    public bool IsAssign { get; set; }

    public List<CommandNode> Cmds { get; } = [];

    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Decl.Count > 0)
        {
            sb.AppendJoin(", ", Decl).Append(IsAssign ? " = " : " := ");
        }

        sb.AppendJoin(" | ", Cmds);
        return sb.ToString();
    }
}

internal sealed class CommandNode(int pos) : Node(pos)
{
    public List<Node> Args { get; } = [];

    public override string ToString()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < Args.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            sb.Append(Args[i] is PipeNode p ? "(" + p + ")" : Args[i].ToString());
        }

        return sb.ToString();
    }
}

internal sealed class IdentifierNode(int pos, string name) : Node(pos)
{
    public string Name { get; } = name;

    public override string ToString() => Name;
}

/// <summary><c>$x.a.b</c>: Ident[0] is the variable name with its <c>$</c>.</summary>
internal sealed class VariableNode(int pos, string[] ident) : Node(pos)
{
    public string[] Ident { get; } = ident;

    public override string ToString() => string.Join('.', Ident);
}

/// <summary><c>.a.b</c>.</summary>
internal sealed class FieldNode(int pos, string[] ident) : Node(pos)
{
    public string[] Ident { get; } = ident;

    public override string ToString() => "." + string.Join('.', Ident);
}

/// <summary><c>(pipeline).a.b</c>.</summary>
internal sealed class ChainNode(int pos, Node node, string[] fields) : Node(pos)
{
    public Node Node { get; } = node;

    public string[] Fields { get; } = fields;

    public override string ToString() =>
        (Node is PipeNode ? "(" + Node + ")" : Node.ToString()) + "." + string.Join('.', Fields);
}

internal sealed class DotNode(int pos) : Node(pos)
{
    public override string ToString() => ".";
}

internal sealed class NilNode(int pos) : Node(pos)
{
    public override string ToString() => "nil";
}

internal sealed class BoolNode(int pos, bool value) : Node(pos)
{
    public bool Value { get; } = value;

    public override string ToString() => Value ? "true" : "false";
}

/// <summary>A number constant: <c>long</c> unless the text has <c>. e E p P</c> (then <c>double</c>), as Go's idealConstant.</summary>
internal sealed class NumberNode(int pos, object value, string text) : Node(pos)
{
    public object Value { get; } = value;

    public string Text { get; } = text;

    public override string ToString() => Text;
}

internal sealed class StringNode(int pos, string quoted, string text) : Node(pos)
{
    public string Quoted { get; } = quoted;

    public string Text { get; } = text;

    public override string ToString() => Quoted;
}

internal enum BranchKind : byte
{
    If,
    Range,
    With,
}

internal sealed class BranchNode(int pos, BranchKind kind, PipeNode pipe, ListNode list, ListNode? elseList) : Node(pos)
{
    public BranchKind Kind { get; } = kind;

    public PipeNode Pipe { get; } = pipe;

    public ListNode List { get; } = list;

    public ListNode? ElseList { get; } = elseList;

    public override string ToString() => "{{" + Kind.ToString().ToLowerInvariant() + " " + Pipe + "}}";
}

internal sealed class TemplateNode(int pos, string name, PipeNode? pipe) : Node(pos)
{
    public string Name { get; } = name;

    public PipeNode? Pipe { get; } = pipe;

    public override string ToString() =>
        Pipe is null ? "{{template " + GoFormat.Quote(Name) + "}}" : "{{template " + GoFormat.Quote(Name) + " " + Pipe + "}}";
}

internal sealed class BreakNode(int pos) : Node(pos)
{
    public override string ToString() => "{{break}}";
}

internal sealed class ContinueNode(int pos) : Node(pos)
{
    public override string ToString() => "{{continue}}";
}

/// <summary>Parser-only markers for <c>{{end}}</c> and <c>{{else}}</c>.</summary>
internal sealed class EndNode(int pos) : Node(pos)
{
    public override string ToString() => "{{end}}";
}

internal sealed class ElseNode(int pos) : Node(pos)
{
    public override string ToString() => "{{else}}";
}

/// <summary>A parsed template: its body and where it came from (for error positions).</summary>
internal sealed class TemplateTree(string name, string parseName, string text, ListNode root)
{
    public string Name { get; } = name;

    /// <summary>Name of the top-level template whose text this definition was parsed from.</summary>
    public string ParseName { get; } = parseName;

    public string Text { get; } = text;

    public ListNode Root { get; } = root;

    /// <summary>Go's ErrorContext: <c>name:line:col</c> (col is the 0-based offset in the line) and the node text cut at 20 chars.</summary>
    public (string Location, string Context) ErrorContext(Node n)
    {
        var pos = Math.Min(n.Pos, Text.Length);
        var line = 1;
        var lastNewline = -1;
        for (var i = 0; i < pos; i++)
        {
            if (Text[i] == '\n')
            {
                line++;
                lastNewline = i;
            }
        }

        var col = pos - lastNewline - 1;
        var context = n.ToString() ?? "";
        if (context.Length > 20)
        {
            context = context[..20] + "...";
        }

        return (ParseName + ":" + line + ":" + col, context);
    }
}
