namespace Tsdb.PromQL.Parser;

/// <summary>
/// A lexed token. <see cref="Type"/> is what the grammar sees; <see cref="Lexed"/> is what the lexer
/// found (they differ when an aggregation keyword is used as a metric name) and is used in messages.
/// <see cref="Text"/> is the source text (for <see cref="TokenType.Error"/>: the error message).
/// </summary>
internal readonly record struct Token(TokenType Type, TokenType Lexed, int Pos, int End, string Text)
{
    /// <summary>Prometheus's <c>Item.desc()</c>, as used in "unexpected ..." messages.</summary>
    public string Describe()
    {
        var t = Lexed;
        if (t == TokenType.Eof)
        {
            return "end of input";
        }

        if (t.IsKeyword())
        {
            return "<" + Text + ">";
        }

        if (t.IsOperator())
        {
            return "<op:" + Text + ">";
        }

        if (t.IsAggregator())
        {
            return "<aggr:" + Text + ">";
        }

        return t switch
        {
            TokenType.Identifier => "identifier " + GoStrings.Quote(Text),
            TokenType.MetricIdentifier => "metric identifier " + GoStrings.Quote(Text),
            TokenType.String => "string " + QuoteValue(Text),
            TokenType.Number => "number " + QuoteValue(Text),
            TokenType.Duration => "duration " + QuoteValue(Text),
            TokenType.Error => Text,
            _ => QuoteValue(Text),
        };
    }

    private static string QuoteValue(string v) => v.Length > 10 ? GoStrings.QuoteTruncated(v, 10) + "..." : GoStrings.Quote(v);
}
