namespace Tsdb.PromQL.Parser;

/// <summary>A parse error at an offset of the query; turned into a <see cref="PromQLException"/> by <see cref="PromQLParser"/>.</summary>
internal sealed class ParseFailure(int position, string message) : Exception(message)
{
    public int Position { get; } = position;

    /// <summary>Prometheus's <c>unexpected(context, expected)</c>; a lexer error token reports its own message.</summary>
    public static ParseFailure Unexpected(in Token t, string context, string expected)
    {
        if (t.Type == TokenType.Error)
        {
            return new ParseFailure(t.Pos, t.Text);
        }

        var msg = "unexpected " + t.Describe();
        if (context.Length > 0)
        {
            msg += " in " + context;
        }

        if (expected.Length > 0)
        {
            msg += ", expected " + expected;
        }

        return new ParseFailure(t.Pos, msg);
    }
}
