using System.Globalization;
using System.Text;

namespace Tsdb.Alerting.Templates;

/// <summary>
/// One execution of a template (exec.go's <c>state</c>): output buffer, variable stack and the node being
/// evaluated for error messages. Created per Execute call, so a parsed <see cref="GoTemplate"/> can run on
/// many threads at once.
/// </summary>
internal sealed class TemplateExecutor : ITemplateContext
{
    /// <summary>Go allows 100000 nested template calls; .NET stacks are smaller, so we stop earlier.</summary>
    private const int MaxExecDepth = 1000;

    /// <summary>Stands for "no value piped in" (Go's missingVal), distinct from null.</summary>
    private static readonly object Missing = new();

    private readonly GoTemplate _template;
    private readonly StringBuilder _out;
    private readonly List<(string Name, object? Value)> _vars = [];
    private readonly TemplateTree _tree;
    private Node? _node;
    private int _depth;

    private enum Control : byte
    {
        None,
        Break,
        Continue,
    }

    public TemplateExecutor(GoTemplate template, TemplateTree tree, StringBuilder output, object? state)
    {
        _template = template;
        _tree = tree;
        _out = output;
        State = state;
    }

    public object? State { get; }

    public void Run(object? dot, IReadOnlyDictionary<string, object?>? variables)
    {
        _vars.Add(("$", dot));
        if (variables is not null)
        {
            foreach (var (name, value) in variables)
            {
                _vars.Add((name.StartsWith('$') ? name : "$" + name, value));
            }
        }

        Walk(dot, _tree.Root);
    }

    public string ExecuteTemplate(string name, object? dot)
    {
        var tree = _template.Lookup(name) ?? throw Error("template " + GoFormat.Quote(name) + " not defined");
        var sb = new StringBuilder();
        var inner = new TemplateExecutor(_template, tree, sb, State) { _depth = _depth + 1 };
        if (inner._depth >= MaxExecDepth)
        {
            throw Error("exceeded maximum template depth (" + MaxExecDepth.ToString(CultureInfo.InvariantCulture) + ")");
        }

        inner._vars.Add(("$", dot));
        inner.Walk(dot, tree.Root);
        return sb.ToString();
    }

    private TemplateException Error(string message)
    {
        var name = _tree.Name;
        if (_node is null)
        {
            return new TemplateException("template: " + name + ": " + message);
        }

        var (location, context) = _tree.ErrorContext(_node);
        return new TemplateException("template: " + location + ": executing " + GoFormat.Quote(name) + " at <" + context + ">: " + message);
    }

    private Control Walk(object? dot, Node node)
    {
        switch (node)
        {
            case ListNode list:
                foreach (var n in list.Nodes)
                {
                    var c = Walk(dot, n);
                    if (c != Control.None)
                    {
                        return c;
                    }
                }

                return Control.None;
            case TextNode text:
                _out.Append(text.Text);
                return Control.None;
            case ActionNode action:
                var value = EvalPipeline(dot, action.Pipe);
                if (action.Pipe.Decl.Count == 0)
                {
                    _node = action;
                    _out.Append(GoFormat.PrintAction(value));
                }

                return Control.None;
            case BranchNode { Kind: BranchKind.Range } range:
                return WalkRange(dot, range);
            case BranchNode branch:
                return WalkIfOrWith(dot, branch);
            case TemplateNode t:
                WalkTemplate(dot, t);
                return Control.None;
            case BreakNode:
                return Control.Break;
            case ContinueNode:
                return Control.Continue;
            default:
                _node = node;
                throw Error("unknown node: " + node);
        }
    }

    private Control WalkIfOrWith(object? dot, BranchNode branch)
    {
        var mark = _vars.Count;
        try
        {
            var value = EvalPipeline(dot, branch.Pipe);
            if (GoValues.IsTrue(value))
            {
                return Walk(branch.Kind == BranchKind.With ? value : dot, branch.List);
            }

            return branch.ElseList is null ? Control.None : Walk(dot, branch.ElseList);
        }
        finally
        {
            Pop(mark);
        }
    }

    private Control WalkRange(object? dot, BranchNode range)
    {
        _node = range;
        var outer = _vars.Count;
        try
        {
            var value = EvalPipeline(dot, range.Pipe);
            var mark = _vars.Count;
            var iterated = false;

            // Returns false to stop the loop ({{break}}).
            bool One(object? index, object? elem)
            {
                iterated = true;
                var decl = range.Pipe.Decl;
                if (decl.Count > 0)
                {
                    if (range.Pipe.IsAssign)
                    {
                        SetVar(decl[0].Ident[0], decl.Count > 1 ? index : elem);
                    }
                    else
                    {
                        _vars[^1] = (_vars[^1].Name, elem);
                    }
                }

                if (decl.Count > 1)
                {
                    if (range.Pipe.IsAssign)
                    {
                        SetVar(decl[1].Ident[0], elem);
                    }
                    else
                    {
                        _vars[^2] = (_vars[^2].Name, index);
                    }
                }

                try
                {
                    return Walk(elem, range.List) != Control.Break;
                }
                finally
                {
                    Pop(mark);
                }
            }

            switch (value)
            {
                case null:
                    break;
                case string:
                case bool:
                case ITemplateObject when !GoValues.IsList(value) && !GoValues.IsMap(value):
                    _node = range;
                    throw Error("range can't iterate over " + GoFormat.V(value));
                case var _ when GoValues.IsInteger(value):
                    var n = GoValues.ToLong(value!);
                    for (long i = 0; i < n; i++)
                    {
                        if (!One(i, i))
                        {
                            break;
                        }
                    }

                    break;
                case var _ when GoValues.IsMap(value):
                    foreach (var kv in GoValues.SortedEntries(value!))
                    {
                        if (!One(kv.Key, kv.Value))
                        {
                            break;
                        }
                    }

                    break;
                case var _ when GoValues.IsList(value):
                    long idx = 0;
                    foreach (var elem in GoValues.ToList(value!))
                    {
                        if (!One(idx++, elem))
                        {
                            break;
                        }
                    }

                    break;
                default:
                    _node = range;
                    throw Error("range can't iterate over " + GoFormat.V(value));
            }

            if (!iterated && range.ElseList is not null)
            {
                return Walk(dot, range.ElseList) == Control.Break ? Control.Break : Control.None;
            }

            return Control.None;
        }
        finally
        {
            Pop(outer);
        }
    }

    private void WalkTemplate(object? dot, TemplateNode t)
    {
        _node = t;
        var tree = _template.Lookup(t.Name) ?? throw Error("template " + GoFormat.Quote(t.Name) + " not defined");
        if (_depth + 1 >= MaxExecDepth)
        {
            throw Error("exceeded maximum template depth (" + MaxExecDepth.ToString(CultureInfo.InvariantCulture) + ")");
        }

        // Variables declared by the pipeline persist; the called template sees none of ours (no dynamic scoping).
        var newDot = t.Pipe is null ? null : EvalPipeline(dot, t.Pipe);
        var inner = new TemplateExecutor(_template, tree, _out, State) { _depth = _depth + 1 };
        inner._vars.Add(("$", newDot));
        inner.Walk(newDot, tree.Root);
    }

    private void Pop(int mark)
    {
        if (_vars.Count > mark)
        {
            _vars.RemoveRange(mark, _vars.Count - mark);
        }
    }

    private void SetVar(string name, object? value)
    {
        for (var i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name == name)
            {
                _vars[i] = (name, value);
                return;
            }
        }

        throw Error("undefined variable: " + name);
    }

    private object? VarValue(string name)
    {
        for (var i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name == name)
            {
                return _vars[i].Value;
            }
        }

        throw Error("undefined variable: " + name);
    }

    private object? EvalPipeline(object? dot, PipeNode pipe)
    {
        _node = pipe;
        var value = Missing;
        foreach (var cmd in pipe.Cmds)
        {
            value = EvalCommand(dot, cmd, value);
        }

        foreach (var v in pipe.Decl)
        {
            if (pipe.IsAssign)
            {
                SetVar(v.Ident[0], value);
            }
            else
            {
                _vars.Add((v.Ident[0], value));
            }
        }

        return value;
    }

    private void NotAFunction(List<Node> args, object? final)
    {
        if (args.Count > 1 || final != Missing)
        {
            throw Error("can't give argument to non-function " + args[0]);
        }
    }

    private object? EvalCommand(object? dot, CommandNode cmd, object? final)
    {
        var first = cmd.Args[0];
        switch (first)
        {
            case FieldNode f:
                _node = f;
                return EvalFieldChain(dot, dot, f, f.Ident, 0, cmd.Args, final);
            case ChainNode c:
                return EvalChain(dot, c, cmd.Args, final);
            case IdentifierNode id:
                return EvalFunction(dot, id, cmd, cmd.Args, final);
            case PipeNode p:
                NotAFunction(cmd.Args, final);
                return EvalPipeline(dot, p);
            case VariableNode v:
                return EvalVariable(dot, v, cmd.Args, final);
        }

        _node = first;
        NotAFunction(cmd.Args, final);
        return first switch
        {
            BoolNode b => b.Value,
            DotNode => dot,
            NilNode => throw Error("nil is not a command"),
            NumberNode n => n.Value,
            StringNode s => s.Text,
            _ => throw Error("can't evaluate command " + GoFormat.Quote(first.ToString() ?? "")),
        };
    }

    private object? EvalChain(object? dot, ChainNode chain, List<Node> args, object? final)
    {
        _node = chain;
        if (chain.Node is NilNode)
        {
            throw Error("indirection through explicit nil in " + chain);
        }

        var receiver = EvalArg(dot, chain.Node);
        return EvalFieldChain(dot, receiver, chain, chain.Fields, 0, args, final);
    }

    private object? EvalVariable(object? dot, VariableNode v, List<Node>? args, object? final)
    {
        _node = v;
        var value = VarValue(v.Ident[0]);
        if (v.Ident.Length == 1)
        {
            if (args is not null)
            {
                NotAFunction(args, final);
            }

            return value;
        }

        return EvalFieldChain(dot, value, v, v.Ident, 1, args, final);
    }

    private object? EvalFieldChain(object? dot, object? receiver, Node node, string[] ident, int start, List<Node>? args, object? final)
    {
        for (var i = start; i < ident.Length - 1; i++)
        {
            receiver = EvalField(dot, ident[i], node, null, Missing, receiver);
        }

        return EvalField(dot, ident[^1], node, args, final, receiver);
    }

    /// <remarks>Like Go's evalField this does not move the error position: a field error is reported at the
    /// last node evaluated (for <c>(query "x").a</c> that is the <c>"x"</c> argument, as in Prometheus's tests).</remarks>
    private object? EvalField(object? dot, string name, Node node, List<Node>? args, object? final, object? receiver)
    {
        if (receiver is null)
        {
            if (_template.Options.MissingKey == MissingKeyOption.Error)
            {
                throw Error("nil data; no entry for key " + GoFormat.Quote(name));
            }

            return null;
        }

        var hasArgs = (args is not null && args.Count > 1) || final != Missing;
        if (receiver is ITemplateObject obj && obj.TryGetField(name, out var field))
        {
            if (field is TemplateMethod method)
            {
                return CallMethod(dot, method, node, name, args, final);
            }

            if (hasArgs)
            {
                throw Error(name + " has arguments but cannot be invoked as function");
            }

            return field;
        }

        if (GoValues.IsMap(receiver))
        {
            if (hasArgs)
            {
                throw Error(name + " is not a method but has arguments");
            }

            var value = GoValues.MapIndex(receiver, name, out var found);
            if (found)
            {
                return value;
            }

            return _template.Options.MissingKey switch
            {
                MissingKeyOption.Zero => value,
                MissingKeyOption.Error => throw Error("map has no entry for key " + GoFormat.Quote(name)),
                _ => null,
            };
        }

        throw Error("can't evaluate field " + name + " in type " + GoValues.TypeName(receiver));
    }

    private List<object?> EvalArgs(object? dot, List<Node>? args, object? final)
    {
        var values = new List<object?>();
        if (args is not null)
        {
            for (var i = 1; i < args.Count; i++)
            {
                values.Add(EvalArg(dot, args[i]));
            }
        }

        if (final != Missing)
        {
            values.Add(final);
        }

        return values;
    }

    private object? CallMethod(object? dot, TemplateMethod method, Node node, string name, List<Node>? args, object? final)
    {
        var values = EvalArgs(dot, args, final);
        try
        {
            return method([.. values]);
        }
        catch (Exception e)
        {
            _node = node;
            throw Wrap(name, e);
        }
    }

    private Exception Wrap(string name, Exception e) => e switch
    {
        TemplateException te => te,
        TemplateArgumentException ae => Error(ae.Message),
        _ => Error("error calling " + name + ": " + e.Message),
    };

    private object? EvalFunction(object? dot, IdentifierNode id, Node cmd, List<Node> args, object? final)
    {
        _node = id;
        var name = id.Name;
        if (!_template.Functions.TryGet(name, out var fn) && !BuiltinFunctions.Table.TryGet(name, out fn))
        {
            throw Error(GoFormat.Quote(name) + " is not a defined function");
        }

        var argCount = args.Count - 1 + (final != Missing ? 1 : 0);
        if (argCount < fn.MinArgs || (fn.MaxArgs >= 0 && argCount > fn.MaxArgs))
        {
            throw Error(fn.MaxArgs < 0
                ? "wrong number of args for " + name + ": want at least " + fn.MinArgs.ToString(CultureInfo.InvariantCulture) + " got " + argCount.ToString(CultureInfo.InvariantCulture)
                : "wrong number of args for " + name + ": want " + fn.MaxArgs.ToString(CultureInfo.InvariantCulture) + " got " + argCount.ToString(CultureInfo.InvariantCulture));
        }

        if (ReferenceEquals(fn, BuiltinFunctions.And) || ReferenceEquals(fn, BuiltinFunctions.Or))
        {
            // Go 1.18+: and/or evaluate their arguments lazily and return the deciding one.
            var wantTrue = ReferenceEquals(fn, BuiltinFunctions.Or);
            object? v = null;
            for (var i = 1; i < args.Count; i++)
            {
                v = EvalArg(dot, args[i]);
                if (GoValues.IsTrue(v) == wantTrue)
                {
                    return v;
                }
            }

            return final != Missing ? final : v;
        }

        var values = EvalArgs(dot, args, final);
        try
        {
            return fn.Invoke(this, [.. values]);
        }
        catch (Exception e)
        {
            _node = cmd;
            throw Wrap(name, e);
        }
    }

    private object? EvalArg(object? dot, Node n)
    {
        _node = n;
        switch (n)
        {
            case DotNode:
                return dot;
            case NilNode:
                return null;
            case FieldNode f:
                return EvalFieldChain(dot, dot, f, f.Ident, 0, [n], Missing);
            case VariableNode v:
                return EvalVariable(dot, v, null, Missing);
            case PipeNode p:
                return EvalPipeline(dot, p);
            case IdentifierNode id:
                return EvalFunction(dot, id, id, [id], Missing);
            case ChainNode c:
                return EvalChain(dot, c, [c], Missing);
            case BoolNode b:
                return b.Value;
            case NumberNode num:
                return num.Value;
            case StringNode s:
                return s.Text;
            default:
                throw Error("can't handle " + n + " for arg");
        }
    }
}
