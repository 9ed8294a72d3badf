using Tsdb.PromQL.Parser;

namespace Tsdb.PromQL.Tests.Parser;

/// <summary>Invalid inputs from Prometheus's parse_test.go: the message and the line:col of the first error.</summary>
public class ParserErrorTests
{
    public static TheoryData<string, string> Cases => new()
    {
        // Literals and operators.
        { "", "unknown position: parse error: no expression found in input" },
        { "# just a comment\n\n", "1:1: parse error: no expression found in input" },
        { "1+", "1:3: parse error: unexpected end of input" },
        { ".", "1:1: parse error: unexpected character: '.'" },
        { "2.5.", "1:1: parse error: bad number or duration syntax: \"2.5.\"" },
        { "100..4", "1:1: parse error: bad number or duration syntax: \"100..\"" },
        { "0deadbeef", "1:1: parse error: bad number or duration syntax: \"0de\"" },
        { "1 /", "1:4: parse error: unexpected end of input" },
        { "*1", "1:1: parse error: unexpected <op:*>" },
        { "(1))", "1:5: parse error: unexpected right parenthesis ')'" },
        { "((1)", "1:5: parse error: unclosed left parenthesis" },
        { "(", "1:2: parse error: unclosed left parenthesis" },
        { new string('9', 309), "1:1: parse error: error parsing number: strconv.ParseFloat: parsing \"" + new string('9', 309) + "\": value out of range" },
        { "1 and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression" },
        { "1 == 1", "1:3: parse error: comparisons between scalars must use BOOL modifier" },
        { "1 or 1", "1:1: parse error: set operator \"or\" not allowed in binary scalar expression" },
        { "1 unless 1", "1:1: parse error: set operator \"unless\" not allowed in binary scalar expression" },
        { "1 !~ 1", "1:3: parse error: unexpected character after '!': '~'" },
        { "1 =~ 1", "1:3: parse error: unexpected character after '=': '~'" },
        { "-\"string\"", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"string\"" },
        { "-test[5m]", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"range vector\"" },
        { "*test", "1:1: parse error: unexpected <op:*>" },
        { "@@", "1:1: parse error: unexpected <op:@>" },
        { "1 offset 1d", "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery" },
        { "foo offset 1s offset 2s", "1:1: parse error: offset may not be set multiple times" },
        { "a - on(b) ignoring(c) d", "1:11: parse error: unexpected <ignoring>" },
        { "-=", "1:2: parse error: unexpected \"=\"" },
        { "++-++-+-+-<", "1:11: parse error: unexpected <op:<>" },
        { "e-+=/(0)", "1:4: parse error: unexpected \"=\"" },
        { "a>b()", "1:3: parse error: unknown function with name \"b\"" },
        { "rate(avg)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector" },

        // Vector binary operations.
        { "foo and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression" },
        { "1 and foo", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression" },
        { "foo or 1", "1:1: parse error: set operator \"or\" not allowed in binary scalar expression" },
        { "foo unless 1", "1:1: parse error: set operator \"unless\" not allowed in binary scalar expression" },
        { "1 or on(bar) foo", "1:1: parse error: vector matching only allowed between instant vectors" },
        { "foo == on(bar) 10", "1:1: parse error: vector matching only allowed between instant vectors" },
        { "foo + group_left(baz) bar", "1:7: parse error: unexpected <group_left>" },
        { "foo and on(bar) group_left(baz) bar", "1:1: parse error: no grouping allowed for \"and\" operation" },
        { "foo and on(bar) group_right(baz) bar", "1:1: parse error: no grouping allowed for \"and\" operation" },
        { "foo or on(bar) group_left(baz) bar", "1:1: parse error: no grouping allowed for \"or\" operation" },
        { "foo unless on(bar) group_right(baz) bar", "1:1: parse error: no grouping allowed for \"unless\" operation" },
        { "http_requests{group=\"production\"} + on(instance) group_left(job,instance) cpu_count{type=\"smp\"}",
            "1:35: parse error: label \"instance\" must not occur in ON and GROUP clause at once" },
        { "foo + bool bar", "1:5: parse error: bool modifier can only be used on comparison operators" },
        { "foo + bool 10", "1:5: parse error: bool modifier can only be used on comparison operators" },
        { "foo and bool 10", "1:5: parse error: bool modifier can only be used on comparison operators" },

        // Vector selectors.
        { "{", "1:2: parse error: unexpected end of input inside braces" },
        { "}", "1:1: parse error: unexpected character: '}'" },
        { "some{", "1:6: parse error: unexpected end of input inside braces" },
        { "some}", "1:5: parse error: unexpected character: '}'" },
        { "some_metric{a=b}", "1:15: parse error: unexpected identifier \"b\" in label matching, expected string" },
        { "some_metric{a:b=\"b\"}", "1:14: parse error: unexpected character inside braces: ':'" },
        { "foo{a*\"b\"}", "1:6: parse error: unexpected character inside braces: '*'" },
        { "foo{a>=\"b\"}", "1:6: parse error: unexpected character inside braces: '>'" },
        { "foo{gibberish}", "1:14: parse error: unexpected \"}\" in label matching, expected label matching operator" },
        { "foo{1}", "1:5: parse error: unexpected character inside braces: '1'" },
        { "{}", "1:1: parse error: vector selector must contain at least one non-empty matcher" },
        { "{x=\"\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher" },
        { "{x=~\".*\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher" },
        { "{x!~\".+\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher" },
        { "{x!=\"a\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher" },
        { "foo{__name__=\"bar\"}", "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\"" },
        { "foo{__name__= =}", "1:15: parse error: unexpected \"=\" in label matching, expected string" },
        { "foo{,}", "1:5: parse error: unexpected \",\" in label matching, expected identifier or \"}\"" },
        { "foo{__name__ == \"bar\"}", "1:15: parse error: unexpected \"=\" in label matching, expected string" },
        { "foo{__name__=\"bar\" lol}", "1:20: parse error: unexpected identifier \"lol\" in label matching, expected \",\" or \"}\"" },
        { "foo{\"a\"=}", "1:9: parse error: unexpected \"}\" in label matching, expected string" },
        { "foo{a=~\"(\"}", "1:5: parse error: error parsing regexp: missing closing ): `(`" },
        { "foo{x=\"1\", a!~\"a)\"}", "1:12: parse error: error parsing regexp: unexpected ): `a)`" },
        { "{a=~\"[a-\"}", "1:2: parse error: error parsing regexp: missing closing ]: `[a-`" },
        { "{a=~\"*\"}", "1:2: parse error: error parsing regexp: missing argument to repetition operator: `*`" },
        { "on", "1:1: parse error: unexpected <on>" },
        { "foo + bool", "1:11: parse error: unexpected end of input" },
        { "foo + on(a) bool bar", "1:13: parse error: unexpected <bool>" },
        { "atan2", "1:1: parse error: unexpected <op:atan2>" },

        // Offsets, @ and ranges.
        { "foo @ +Inf", "1:1: parse error: timestamp out of bounds for @ modifier: +Inf" },
        { "foo @ -Inf", "1:1: parse error: timestamp out of bounds for @ modifier: -Inf" },
        { "foo @ NaN", "1:1: parse error: timestamp out of bounds for @ modifier: NaN" },
        { "foo @ 9223372036854775808.000000", "1:1: parse error: timestamp out of bounds for @ modifier: 9223372036854775808.000000" },
        { "foo[5mm]", "1:5: parse error: bad number or duration syntax: \"5mm\"" },
        { "foo[5m1]", "1:5: parse error: bad number or duration syntax: \"5m1\"" },
        { "foo[5m:1m1]", "1:8: parse error: bad number or duration syntax: \"1m1\"" },
        { "foo[5y1hs]", "1:5: parse error: unknown unit \"hs\" in duration \"5y1hs\"" },
        { "foo[5m1h]", "1:5: parse error: not a valid duration string: \"5m1h\"" },
        { "foo[5m1m]", "1:5: parse error: not a valid duration string: \"5m1m\"" },
        { "foo[0m]", "1:5: parse error: duration must be greater than 0" },
        { "foo[1.5m]", "1:5: parse error: unknown unit \".\" in duration \"1.5m\"" },
        { "foo[]", "1:5: parse error: unexpected \"]\" in subquery selector, expected number or duration" },
        { "foo[5m", "1:7: parse error: unclosed left bracket" },
        { "foo[5s x 5s]", "1:8: parse error: unexpected character: 'x', expected ':'" },
        { "some_metric[5m] OFFSET 1mm", "1:24: parse error: bad number or duration syntax: \"1mm\"" },
        { "some_metric[5m] OFFSET", "1:23: parse error: unexpected end of input in offset, expected number or duration" },
        { "some_metric OFFSET 1m[5m]", "1:22: parse error: no offset modifiers allowed before range" },
        { "some_metric[5m] @", "1:18: parse error: unexpected end of input in @, expected timestamp" },
        { "some_metric @ 1234 [5m]", "1:20: parse error: no @ modifiers allowed before range" },
        { "some_metric @ start() [5m]", "1:23: parse error: no @ modifiers allowed before range" },
        { "some_metric @ end()[5m]", "1:20: parse error: no @ modifiers allowed before range" },
        { "(foo + bar)[5m]", "1:12: parse error: ranges only allowed for vector selectors" },
        { "foo @ 1 @ 2", "1:1: parse error: @ <timestamp> may not be set multiple times" },
        { "rate(some_metric[5m]) @ 1234", "1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery" },
        { "foo[5m:1m", "1:10: parse error: unclosed left bracket" },
        { "foo[5m:1m x]", "1:11: parse error: unexpected character: 'x', expected ':'" },
        { "foo[5m 1m]", "1:8: parse error: unexpected duration \"1m\" in subquery or range, expected \":\" or \"]\"" },

        // Aggregations.
        { "sum by (\"foo)(some_metric{})", "1:9: parse error: unterminated quoted string" },
        { "sum without(==)(some_metric)", "1:13: parse error: unexpected <op:==> in grouping opts, expected label" },
        { "sum without(,)(some_metric)", "1:13: parse error: unexpected \",\" in grouping opts, expected label" },
        { "sum without(foo,,)(some_metric)", "1:17: parse error: unexpected \",\" in grouping opts, expected label" },
        { "sum some_metric by (test)", "1:5: parse error: unexpected identifier \"some_metric\"" },
        { "sum (some_metric) by test", "1:22: parse error: unexpected identifier \"test\" in grouping opts, expected \"(\"" },
        { "sum () by (test)", "1:1: parse error: no arguments for aggregate expression provided" },
        { "MIN keep_common (some_metric)", "1:5: parse error: unexpected identifier \"keep_common\"" },
        { "MIN (some_metric) keep_common", "1:19: parse error: unexpected identifier \"keep_common\"" },
        { "sum (some_metric) without (test) by (test)", "1:34: parse error: unexpected <by>" },
        { "sum without (test) (some_metric) by (test)", "1:34: parse error: unexpected <by>" },
        { "topk(some_metric)", "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1" },
        { "topk(some_metric,)", "1:17: parse error: trailing commas not allowed in function call args" },
        { "topk(some_metric, other_metric)", "1:6: parse error: expected type scalar in aggregation parameter, got instant vector" },
        { "count_values(5, other_metric)", "1:14: parse error: expected type string in aggregation parameter, got scalar" },
        { "sum(", "1:5: parse error: unclosed left parenthesis" },
        { "sum(rate(", "1:10: parse error: unclosed left parenthesis" },
        { "sum by (a) foo", "1:12: parse error: unexpected identifier \"foo\" in aggregation" },
        { "sum(foo bar)", "1:9: parse error: unexpected identifier \"bar\" in aggregation" },
        { "sum(a, b)", "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 1, got 2" },
        { "sum(rate(x[5m]))[5m]", "1:17: parse error: ranges only allowed for vector selectors" },
        { "sum by (a:b) (x)", "1:9: parse error: unexpected metric identifier \"a:b\" in grouping opts, expected label" },

        // Function calls.
        { "floor()", "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 0" },
        { "floor(some_metric, other_metric)", "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 2" },
        { "floor(some_metric, 1)", "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 2" },
        { "floor(1)", "1:7: parse error: expected type instant vector in call to function \"floor\", got scalar" },
        { "hour(some_metric, some_metric, some_metric)", "1:1: parse error: expected at most 1 argument(s) in call to \"hour\", got 3" },
        { "time(some_metric)", "1:1: parse error: expected 0 argument(s) in call to \"time\", got 1" },
        { "label_join(foo)", "1:1: parse error: expected at least 3 argument(s) in call to \"label_join\", got 1" },
        { "non_existent_function_far_bar()", "1:1: parse error: unknown function with name \"non_existent_function_far_bar\"" },
        { "rate(some_metric)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector" },
        { "rate(x y)", "1:8: parse error: unexpected identifier \"y\"" },
        { "info(rate(http_request_counter_total{}[5m]), target_info{foo=\"bar\"})", "1:46: parse error: expected label selectors only, got vector selector instead" },
        { "info(http_request_counter_total{namespace=\"zzz\"}, {foo=\"bar\"} == 1)", "1:51: parse error: expected label selectors only" },

        // Strings.
        { "`\\``", "1:4: parse error: unterminated raw string" },
        { "\"\\", "1:1: parse error: escape sequence not terminated" },
        { "\"\\c\"", "1:1: parse error: unknown escape sequence U+0063 'c'" },
        { "\"\\x.\"", "1:1: parse error: illegal character U+002E '.' in escape sequence" },
        { "\"abc\ndef\"", "1:1: parse error: unterminated quoted string" },
        { "'\\\"'", "1:1: parse error: unknown escape sequence U+0022 '\"'" },
        { "\"\\uD800\"", "1:1: parse error: escape sequence is an invalid Unicode code point" },

        // Subqueries.
        { "foo{bar=\"baz\"}[", "1:16: parse error: unclosed left bracket" },
        { "test[5d] OFFSET 10s [10m:5s]", "1:1: parse error: subquery is only allowed on instant vector, got matrix instead" },
        { "(foo + bar{nm=\"val\"})[5m:][10m:5s]", "1:1: parse error: subquery is only allowed on instant vector, got matrix instead" },
        { "rate(food[1m])[1h] offset 1h", "1:15: parse error: ranges only allowed for vector selectors" },
        { "rate(food[1m])[1h] @ 100", "1:15: parse error: ranges only allowed for vector selectors" },
        { "foo[5m:] offset 1m offset 2m", "1:1: parse error: offset may not be set multiple times" },
        { "foo[5m:]]", "1:9: parse error: unexpected right bracket ']'" },

        // Multi-line positions.
        { "sum(\n  rate(foo[5m])\n) by (job) +", "3:13: parse error: unexpected end of input" },
        { "foo +\n  bar{a=b}", "2:9: parse error: unexpected identifier \"b\" in label matching, expected string" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void InvalidInput_FailsWithPrometheusMessage(string input, string expected)
    {
        var e = Assert.Throws<PromQLException>(() => PromQLParser.ParseExpr(input));
        Assert.Equal(PromQLErrorType.BadData, e.Type);
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LongOperatorChains_Parse()
    {
        var input = string.Join(" + ", Enumerable.Range(0, 5000).Select(i => "m" + i));
        var e = PromQLParser.ParseExpr(input);
        Assert.Equal(input, e.ToString());
        Assert.IsType<Ast.BinaryExpr>(PromQLParser.ParseExpr(string.Join(" ^ ", Enumerable.Range(0, 500).Select(i => "m" + i))));
        Assert.IsType<Ast.UnaryExpr>(PromQLParser.ParseExpr(new string('-', 500) + "m"));
        Assert.IsType<Ast.ParenExpr>(PromQLParser.ParseExpr(new string('(', 200) + "m" + new string(')', 200)));
    }

    [Fact]
    public void DeeplyNestedInput_FailsCleanly()
    {
        var input = new string('(', 100_000) + "1" + new string(')', 100_000);
        var e = Assert.Throws<PromQLException>(() => PromQLParser.ParseExpr(input));
        Assert.Equal(PromQLErrorType.BadData, e.Type);
    }
}
