using Tsdb.PromQL.Ast;
using Tsdb.PromQL.Parser;
using Tsdb.Storage;
using static Tsdb.PromQL.Tests.Parser.A;
using MatchType = Tsdb.Storage.MatchType;
using ValueType = Tsdb.PromQL.Ast.ValueType;

namespace Tsdb.PromQL.Tests.Parser;

/// <summary>Valid inputs (many from Prometheus's parse_test.go): the tree shape, positions ignored.</summary>
public class ParserTests
{
    private static void AssertParses(string input, Expr expected)
    {
        var actual = PromQLParser.ParseExpr(input);
        Assert.True(AstEquality.AreEqual(expected, actual),
            $"input:    {input}\nexpected: {PromQLPrinter.Print(expected)}\nactual:   {PromQLPrinter.Print(actual)}");
    }

    public static TheoryData<string, double> Numbers => new()
    {
        { "1", 1 },
        { "+Inf", double.PositiveInfinity },
        { "-Inf", double.NegativeInfinity },
        { "inf", double.PositiveInfinity },
        { ".5", 0.5 },
        { "5.", 5 },
        { "123.4567", 123.4567 },
        { "5e-3", 0.005 },
        { "5e3", 5000 },
        { "1E3", 1000 },
        { "0xc", 12 },
        { "0x1f", 31 },
        { "0X_1F", 31 },
        { "0755", 493 },
        { "09", 9 },
        { "1_000", 1000 },
        { "+5.5e-3", 0.0055 },
        { "-0755", -493 },
        { "--1", 1 },
        { "5m", 300 },
        { "1h30m", 5400 },
        { "-250ms", -0.25 },
        { "99999999999999999999", 1e20 },
    };

    [Theory]
    [MemberData(nameof(Numbers))]
    public void NumberLiterals(string input, double value)
    {
        var n = Assert.IsType<NumberLiteral>(PromQLParser.ParseExpr(input));
        Assert.Equal(value, n.Value);
        Assert.Equal(ValueType.Scalar, n.Type);
    }

    [Fact]
    public void NaN_IsANumber()
    {
        Assert.True(double.IsNaN(Assert.IsType<NumberLiteral>(PromQLParser.ParseExpr("NaN")).Value));
        Assert.True(double.IsNaN(Assert.IsType<NumberLiteral>(PromQLParser.ParseExpr("nan")).Value));
    }

    public static TheoryData<string, string> Strings => new()
    {
        { "\"double-quoted string \\\" with escaped quote\"", "double-quoted string \" with escaped quote" },
        { "'single-quoted string \\' with escaped quote'", "single-quoted string ' with escaped quote" },
        { "`backtick-quoted string`", "backtick-quoted string" },
        { "\"\\a\\b\\f\\n\\r\\t\\v\\\\\\\" - \\u1234\\U00010111\\U0001011111☺\"", "\a\b\f\n\r\t\v\\\" - \u1234\U00010111\U0001011111☺" },
        { "'\\a\\b\\f\\n\\r\\t\\v\\\\\\' - \\u1234\\U00010111\\U0001011111☺'", "\a\b\f\n\r\t\v\\' - \u1234\U00010111\U0001011111☺" },
        { "`\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\\' - \\xFF\\377`", "\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\\' - \\xFF\\377" },
        { "\"\\xe2\\x98\\xba \\342\\230\\272\"", "☺ ☺" },
        { "\"#not a comment\"", "#not a comment" },
    };

    [Theory]
    [MemberData(nameof(Strings))]
    public void StringLiterals(string input, string value)
    {
        var s = Assert.IsType<StringLiteral>(PromQLParser.ParseExpr(input));
        Assert.Equal(value, s.Value);
    }

    public static TheoryData<string, string> Precedence => new()
    {
        { "1 + 2 * 3", "(+ 1 (* 2 3))" },
        { "1 * 2 + 3", "(+ (* 1 2) 3)" },
        { "1 - 2 - 3", "(- (- 1 2) 3)" },
        { "2 ^ 3 ^ 2", "(^ 2 (^ 3 2))" },
        { "-2 ^ 2", "(neg (^ 2 2))" },
        { "-1^-2", "(neg (^ 1 -2))" },
        { "-1*2", "(* -1 2)" },
        { "-1+2", "(+ -1 2)" },
        { "+1 + -2 * 1", "(+ 1 (* -2 1))" },
        { "1 + 2/(3*1)", "(+ 1 (/ 2 (* 3 1)))" },
        { "-a * b", "(* (neg a) b)" },
        { "-a ^ b * c", "(* (neg (^ a b)) c)" },
        { "a ^ -b ^ c", "(^ a (neg (^ b c)))" },
        { "a + b offset 5m", "(+ a b)" },
        { "a % b atan2 c / d", "(/ (atan2 (% a b) c) d)" },
        { "a == b + c", "(== a (+ b c))" },
        { "a + b > bool c - d", "(> (+ a b) (- c d))" },
        { "a and b == c", "(and a (== b c))" },
        { "a or b and c", "(or a (and b c))" },
        { "a or b unless c", "(or a (unless b c))" },
        { "foo + bar or bla and blub", "(or (+ foo bar) (and bla blub))" },
        { "foo and bar unless baz or qux", "(or (unless (and foo bar) baz) qux)" },
        { "bar + on(foo) bla / on(baz, buz) group_right(test) blub", "(+ bar (/ bla blub))" },
        { "a < b != c", "(!= (< a b) c)" },
        { "sum(a) by (x) + 1", "(+ sum(a) 1)" },
        { "1 < bool 2 - 1 * 2", "(< 1 (- 2 (* 1 2)))" },
        { "a-1", "(- a 1)" },
        { "a -1", "(- a 1)" },
        { "- - a", "(neg (neg a))" },
        { "-(1)", "(neg 1)" },
    };

    [Theory]
    [MemberData(nameof(Precedence))]
    public void OperatorPrecedenceAndAssociativity(string input, string shape) =>
        Assert.Equal(shape, Shape(PromQLParser.ParseExpr(input)));

    [Fact]
    public void ScalarOperations()
    {
        AssertParses("1 + 1", Bin(BinaryOp.Add, Num(1), Num(1)));
        AssertParses("1 == bool 1", Bin(BinaryOp.Eql, Num(1), Num(1), returnBool: true));
        AssertParses("1 <= bool 1", Bin(BinaryOp.Lte, Num(1), Num(1), returnBool: true));
        AssertParses("-some_metric", new UnaryExpr(UnaryOp.Sub, Vs("some_metric")));
        AssertParses(" +{\"some_metric\"}", new UnaryExpr(UnaryOp.Add, Sel(Eq("__name__", "some_metric"))));
        AssertParses("-(1)", new UnaryExpr(UnaryOp.Sub, new ParenExpr(Num(1))));
    }

    [Fact]
    public void VectorBinaryOperations()
    {
        AssertParses("foo * bar", Bin(BinaryOp.Mul, Vs("foo"), Vs("bar"), OneToOne));
        AssertParses("foo * sum", Bin(BinaryOp.Mul, Vs("foo"), Vs("sum"), OneToOne));
        AssertParses("foo == 1", Bin(BinaryOp.Eql, Vs("foo"), Num(1)));
        AssertParses("foo == bool 1", Bin(BinaryOp.Eql, Vs("foo"), Num(1), returnBool: true));
        AssertParses("2.5 / bar", Bin(BinaryOp.Div, Num(2.5), Vs("bar")));
        AssertParses("foo and bar", Bin(BinaryOp.And, Vs("foo"), Vs("bar"), ManyToMany));
        AssertParses("foo or bar", Bin(BinaryOp.Or, Vs("foo"), Vs("bar"), ManyToMany));
        AssertParses("foo unless bar", Bin(BinaryOp.Unless, Vs("foo"), Vs("bar"), ManyToMany));
        AssertParses("foo atan2 bar", Bin(BinaryOp.Atan2, Vs("foo"), Vs("bar"), OneToOne));
        AssertParses("bar + on(foo) bla / on(baz, buz) group_right(test) blub",
            Bin(BinaryOp.Add, Vs("bar"),
                Bin(BinaryOp.Div, Vs("bla"), Vs("blub"), On(Cardinality.OneToMany, ["baz", "buz"], "test")),
                On(Cardinality.OneToOne, ["foo"])));
        AssertParses("foo * on(test,blub) bar", Bin(BinaryOp.Mul, Vs("foo"), Vs("bar"), On(Cardinality.OneToOne, ["test", "blub"])));
        AssertParses("foo * on(test,blub) group_left bar", Bin(BinaryOp.Mul, Vs("foo"), Vs("bar"), On(Cardinality.ManyToOne, ["test", "blub"])));
        AssertParses("foo and on(test,blub) bar", Bin(BinaryOp.And, Vs("foo"), Vs("bar"), On(Cardinality.ManyToMany, ["test", "blub"])));
        AssertParses("foo and on() bar", Bin(BinaryOp.And, Vs("foo"), Vs("bar"), On(Cardinality.ManyToMany, [])));
        AssertParses("foo and ignoring(test,blub) bar", Bin(BinaryOp.And, Vs("foo"), Vs("bar"), Ignoring(Cardinality.ManyToMany, ["test", "blub"])));
        AssertParses("foo and ignoring() bar", Bin(BinaryOp.And, Vs("foo"), Vs("bar"), ManyToMany));
        AssertParses("foo unless on(bar) baz", Bin(BinaryOp.Unless, Vs("foo"), Vs("baz"), On(Cardinality.ManyToMany, ["bar"])));
        AssertParses("foo / on(test,blub) group_left(bar) bar", Bin(BinaryOp.Div, Vs("foo"), Vs("bar"), On(Cardinality.ManyToOne, ["test", "blub"], "bar")));
        AssertParses("foo / ignoring(test,blub) group_left(blub) bar", Bin(BinaryOp.Div, Vs("foo"), Vs("bar"), Ignoring(Cardinality.ManyToOne, ["test", "blub"], "blub")));
        AssertParses("foo - on(test,blub) group_right(bar,foo) bar", Bin(BinaryOp.Sub, Vs("foo"), Vs("bar"), On(Cardinality.OneToMany, ["test", "blub"], "bar", "foo")));
        AssertParses("foo - ignoring(test,blub) group_right(bar,foo,) bar", Bin(BinaryOp.Sub, Vs("foo"), Vs("bar"), Ignoring(Cardinality.OneToMany, ["test", "blub"], "bar", "foo")));
        AssertParses("foo > bool on(a) bar", Bin(BinaryOp.Gtr, Vs("foo"), Vs("bar"), On(Cardinality.OneToOne, ["a"]), returnBool: true));
        AssertParses("a + on(\"b.c\") group_left(\"d e\") f", Bin(BinaryOp.Add, Vs("a"), Vs("f"), On(Cardinality.ManyToOne, ["b.c"], "d e")));
    }

    [Fact]
    public void VectorSelectors()
    {
        AssertParses("foo", Vs("foo"));
        AssertParses("min", Vs("min"));
        AssertParses("sum", Vs("sum"));
        AssertParses("offset{step=\"1s\"}[5m]", new MatrixSelector(Vs("offset", Eq("step", "1s")), 300_000));
        AssertParses("step{offset=\"1s\"}[5m]", new MatrixSelector(Vs("step", Eq("offset", "1s")), 300_000));
        AssertParses("anchored{job=\"test\"}", Vs("anchored", Eq("job", "test")));
        AssertParses("and", Vs("and"));
        AssertParses("by + without", Bin(BinaryOp.Add, Vs("by"), Vs("without"), OneToOne));
        AssertParses("start", Vs("start"));
        AssertParses("end{start=\"foo\"}", Vs("end", Eq("start", "foo")));
        AssertParses("foo offset 5m", new VectorSelector("foo", [Eq("__name__", "foo")], originalOffset: 300_000));
        AssertParses("foo offset -7m", new VectorSelector("foo", [Eq("__name__", "foo")], originalOffset: -420_000));
        AssertParses("foo OFFSET 1h30m", new VectorSelector("foo", [Eq("__name__", "foo")], originalOffset: 5_400_000));
        AssertParses("foo OFFSET 1m30ms", new VectorSelector("foo", [Eq("__name__", "foo")], originalOffset: 60_030));
        AssertParses("foo offset 5", new VectorSelector("foo", [Eq("__name__", "foo")], originalOffset: 5000));
        AssertParses("foo @ 1603774568", new VectorSelector("foo", [Eq("__name__", "foo")], timestamp: 1603774568000));
        AssertParses("foo @ -100", new VectorSelector("foo", [Eq("__name__", "foo")], timestamp: -100000));
        AssertParses("foo @ .3", new VectorSelector("foo", [Eq("__name__", "foo")], timestamp: 300));
        AssertParses("foo @ 3.", new VectorSelector("foo", [Eq("__name__", "foo")], timestamp: 3000));
        AssertParses("foo @ 3.33", new VectorSelector("foo", [Eq("__name__", "foo")], timestamp: 3330));
        AssertParses("foo @ 3.3333", new VectorSelector("foo", [Eq("__name__", "foo")], timestamp: 3333));
        AssertParses("foo @ 3.3335", new VectorSelector("foo", [Eq("__name__", "foo")], timestamp: 3334));
        AssertParses("foo @ 3e2", new VectorSelector("foo", [Eq("__name__", "foo")], timestamp: 300000));
        AssertParses("foo @ 0xA", new VectorSelector("foo", [Eq("__name__", "foo")], timestamp: 10000));
        AssertParses("foo @ -3.3e1", new VectorSelector("foo", [Eq("__name__", "foo")], timestamp: -33000));
        AssertParses("foo @ 1m", new VectorSelector("foo", [Eq("__name__", "foo")], timestamp: 60000));
        AssertParses("foo @ start()", new VectorSelector("foo", [Eq("__name__", "foo")], startOrEnd: StartOrEnd.Start));
        AssertParses("foo @ end()", new VectorSelector("foo", [Eq("__name__", "foo")], startOrEnd: StartOrEnd.End));
        AssertParses("foo @ 10 offset 5m", new VectorSelector("foo", [Eq("__name__", "foo")], 300_000, 10_000));
        AssertParses("foo offset 5m @ 10", new VectorSelector("foo", [Eq("__name__", "foo")], 300_000, 10_000));
        AssertParses("foo:bar{a=\"bc\"}", Vs("foo:bar", Eq("a", "bc")));
        AssertParses("{\"foo\"}", Sel(Eq("__name__", "foo")));
        AssertParses("{'foo\\'bar', 'a\\\\dos\\\\path'='boo\\\\urns'}", Sel(Eq("__name__", "foo'bar"), Eq("a\\dos\\path", "boo\\urns")));
        AssertParses("{\"foo\", a=\"bc\"}", Sel(Eq("__name__", "foo"), Eq("a", "bc")));
        AssertParses("{\"my.metric\", \"service.name\"=\"x\"}", Sel(Eq("__name__", "my.metric"), Eq("service.name", "x")));
        AssertParses("foo{NaN='bc'}", Vs("foo", Eq("NaN", "bc")));
        AssertParses("foo{bar='}'}", Vs("foo", Eq("bar", "}")));
        AssertParses("foo{a=\"b\", foo!=\"bar\", test=~\"test\", bar!~\"baz\"}",
            Vs("foo", Eq("a", "b"), Matcher.NotEqual("foo", "bar"), Matcher.Regex("test", "test"), Matcher.NotRegex("bar", "baz")));
        AssertParses("foo{a=\"b\", foo!=\"bar\", test=~\"test\", bar!~\"baz\",}",
            Vs("foo", Eq("a", "b"), Matcher.NotEqual("foo", "bar"), Matcher.Regex("test", "test"), Matcher.NotRegex("bar", "baz")));
        AssertParses("{__name__=~\"bar\", __name__!~\"baz\"}", Sel(Matcher.Regex("__name__", "bar"), Matcher.NotRegex("__name__", "baz")));
        AssertParses("{__name__=\"bar\", __name__=\"baz\"}", Sel(Eq("__name__", "bar"), Eq("__name__", "baz")));
        AssertParses("{\"bar\", __name__=\"baz\"}", Sel(Eq("__name__", "bar"), Eq("__name__", "baz")));
        AssertParses("foo{by=\"x\", on=\"y\", offset=\"z\"}", Vs("foo", Eq("by", "x"), Eq("on", "y"), Eq("offset", "z")));
        AssertParses("foo # comment\n + bar # another", Bin(BinaryOp.Add, Vs("foo"), Vs("bar"), OneToOne));
        AssertParses("foo{a=\"b\" # comment\n}", Vs("foo", Eq("a", "b")));
    }

    [Fact]
    public void SelectorMatchers_KeepPrometheusOrder_NameMatcherLast()
    {
        var vs = Assert.IsType<VectorSelector>(PromQLParser.ParseExpr("foo{a=\"b\", c=~\"d|e\"}"));
        Assert.Equal("foo", vs.Name);
        Assert.Equal(["a", "c", "__name__"], vs.Matchers.Select(m => m.Name));
        Assert.Equal(MatchType.Regex, vs.Matchers[1].Type);
        Assert.Equal(["d", "e"], vs.Matchers[1].SetMatches!);
    }

    [Fact]
    public void MatrixSelectors()
    {
        AssertParses("test[1000ms]", new MatrixSelector(Vs("test"), 1000));
        AssertParses("test[5s]", new MatrixSelector(Vs("test"), 5000));
        AssertParses("foo[5m30s]", new MatrixSelector(Vs("foo"), 330_000));
        AssertParses("test[5]", new MatrixSelector(Vs("test"), 5000));
        AssertParses("foo[4.18]", new MatrixSelector(Vs("foo"), 4180));
        AssertParses("test[5h] OFFSET 5m", new MatrixSelector(new VectorSelector("test", [Eq("__name__", "test")], originalOffset: 300_000), 5 * 3_600_000));
        AssertParses("test[5w] offset 2w", new MatrixSelector(new VectorSelector("test", [Eq("__name__", "test")], originalOffset: 14 * 86_400_000L), 35 * 86_400_000L));
        AssertParses("test{a=\"b\"}[5y] OFFSET 3d",
            new MatrixSelector(new VectorSelector("test", [Eq("a", "b"), Eq("__name__", "test")], originalOffset: 3 * 86_400_000L), 5 * 365 * 86_400_000L));
        AssertParses("test{a=\"b\"}[5m] OFFSET 3600",
            new MatrixSelector(new VectorSelector("test", [Eq("a", "b"), Eq("__name__", "test")], originalOffset: 3_600_000), 300_000));
        AssertParses("foo[3ms] @ 2.345", new MatrixSelector(new VectorSelector("foo", [Eq("__name__", "foo")], timestamp: 2345), 3));
        AssertParses("test[5y] @ start()", new MatrixSelector(new VectorSelector("test", [Eq("__name__", "test")], startOrEnd: StartOrEnd.Start), 5 * 365 * 86_400_000L));
        AssertParses("foo[ 5m ]", new MatrixSelector(Vs("foo"), 300_000));

        // Durations are exact; numbers of seconds round to the millisecond (Prometheus truncates 4.35 * 1000 to 4349).
        AssertParses("foo[9h6m40s145ms]", new MatrixSelector(Vs("foo"), 32_800_145));
        AssertParses("foo[4.35]", new MatrixSelector(Vs("foo"), 4350));
    }

    [Fact]
    public void Subqueries()
    {
        var foo = Vs("foo", Eq("bar", "baz"));
        AssertParses("foo{bar=\"baz\"}[10m:6s]", new SubqueryExpr(foo, 600_000, 6000));
        AssertParses("foo{bar=\"baz\"}[10m5s:1h6ms]", new SubqueryExpr(foo, 605_000, 3_600_006));
        AssertParses("foo[10m:]", new SubqueryExpr(Vs("foo"), 600_000, 0));
        AssertParses("min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:5s])",
            Fn("min_over_time", new SubqueryExpr(Fn("rate", new MatrixSelector(foo, 2000)), 300_000, 5000)));
        AssertParses("min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:] offset 4m)[4m:3s]",
            new SubqueryExpr(Fn("min_over_time", new SubqueryExpr(Fn("rate", new MatrixSelector(foo, 2000)), 300_000, 0, originalOffset: 240_000)), 240_000, 3000));
        AssertParses("min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:] @ -160377509)[4m:3s]",
            new SubqueryExpr(Fn("min_over_time", new SubqueryExpr(Fn("rate", new MatrixSelector(foo, 2000)), 300_000, 0, timestamp: -160377509000)), 240_000, 3000));
        AssertParses("sum without(and, by, avg, count, alert, annotations)(some_metric) [30m:10s]",
            new SubqueryExpr(Agg(AggregationOp.Sum, Vs("some_metric"), by: ["and", "by", "avg", "count", "alert", "annotations"], without: true), 1_800_000, 10_000));
        AssertParses("some_metric OFFSET 1m [10m:5s]",
            new SubqueryExpr(new VectorSelector("some_metric", [Eq("__name__", "some_metric")], originalOffset: 60_000), 600_000, 5000));
        AssertParses("some_metric @ 123 offset 1m [10m:5s]",
            new SubqueryExpr(new VectorSelector("some_metric", [Eq("__name__", "some_metric")], 60_000, 123_000), 600_000, 5000));
        AssertParses("some_metric[10m:5s] offset 1m @ 123", new SubqueryExpr(Vs("some_metric"), 600_000, 5000, 60_000, 123_000));
        AssertParses("(foo + bar{nm=\"val\"})[5m:]",
            new SubqueryExpr(new ParenExpr(Bin(BinaryOp.Add, Vs("foo"), Vs("bar", Eq("nm", "val")), OneToOne)), 300_000, 0));
        AssertParses("(foo + bar{nm=\"val\"} @ 1234)[5m:] @ 1603775019",
            new SubqueryExpr(new ParenExpr(Bin(BinaryOp.Add, Vs("foo"),
                new VectorSelector("bar", [Eq("nm", "val"), Eq("__name__", "bar")], timestamp: 1_234_000), OneToOne)), 300_000, 0, timestamp: 1_603_775_019_000));
        AssertParses("foo[10m:6s] @ end()", new SubqueryExpr(Vs("foo"), 600_000, 6000, startOrEnd: StartOrEnd.End));
    }

    [Fact]
    public void Aggregations()
    {
        var m = Vs("some_metric");
        AssertParses("sum by (foo)(some_metric)", Agg(AggregationOp.Sum, m, by: ["foo"]));
        AssertParses("sum by (\"foo bar\")({\"some.metric\"})", Agg(AggregationOp.Sum, Sel(Eq("__name__", "some.metric")), by: ["foo bar"]));
        AssertParses("sum by (\"foo\", bar, 'baz')({\"some.metric\"})", Agg(AggregationOp.Sum, Sel(Eq("__name__", "some.metric")), by: ["foo", "bar", "baz"]));
        AssertParses("avg by (foo)(some_metric)", Agg(AggregationOp.Avg, m, by: ["foo"]));
        AssertParses("max by (foo)(some_metric)", Agg(AggregationOp.Max, m, by: ["foo"]));
        AssertParses("sum without (foo) (some_metric)", Agg(AggregationOp.Sum, m, by: ["foo"], without: true));
        AssertParses("sum (some_metric) without (foo)", Agg(AggregationOp.Sum, m, by: ["foo"], without: true));
        AssertParses("stddev(some_metric)", Agg(AggregationOp.Stddev, m));
        AssertParses("stdvar by (foo)(some_metric)", Agg(AggregationOp.Stdvar, m, by: ["foo"]));
        AssertParses("sum by ()(some_metric)", Agg(AggregationOp.Sum, m));
        AssertParses("sum by (foo,bar,)(some_metric)", Agg(AggregationOp.Sum, m, by: ["foo", "bar"]));
        AssertParses("sum by (foo,)(some_metric)", Agg(AggregationOp.Sum, m, by: ["foo"]));
        AssertParses("topk(5, some_metric)", Agg(AggregationOp.Topk, m, Num(5)));
        AssertParses("bottomk(5, some_metric)", Agg(AggregationOp.Bottomk, m, Num(5)));
        AssertParses("quantile(0.9, some_metric)", Agg(AggregationOp.Quantile, m, Num(0.9)));
        AssertParses("count_values(\"value\", some_metric)", Agg(AggregationOp.CountValues, m, Str("value")));
        AssertParses("limitk(2, some_metric)", Agg(AggregationOp.Limitk, m, Num(2)));
        AssertParses("limit_ratio(0.5, some_metric)", Agg(AggregationOp.LimitRatio, m, Num(0.5)));
        AssertParses("group(some_metric)", Agg(AggregationOp.Group, m));
        AssertParses("SUM BY (job) (some_metric)", Agg(AggregationOp.Sum, m, by: ["job"]));
        AssertParses("sum without(and, by, avg, count, alert, annotations)(some_metric)",
            Agg(AggregationOp.Sum, m, by: ["and", "by", "avg", "count", "alert", "annotations"], without: true));
        AssertParses("sum(sum)", Agg(AggregationOp.Sum, Vs("sum")));
        AssertParses("a + sum", Bin(BinaryOp.Add, Vs("a"), Vs("sum"), OneToOne));
        AssertParses("sum by (on, ignoring, group_left, bool, offset, start, end, atan2) (x)",
            Agg(AggregationOp.Sum, Vs("x"), by: ["on", "ignoring", "group_left", "bool", "offset", "start", "end", "atan2"]));
        AssertParses("(sum(foo) by (bar))", new ParenExpr(Agg(AggregationOp.Sum, Vs("foo"), by: ["bar"])));
        AssertParses("sum by (job)(rate(http_requests_total[30m]))", Agg(AggregationOp.Sum, Fn("rate", new MatrixSelector(Vs("http_requests_total"), 1_800_000)), by: ["job"]));
    }

    [Fact]
    public void FunctionCalls()
    {
        AssertParses("time()", Fn("time"));
        AssertParses("floor(some_metric{foo!=\"bar\"})", Fn("floor", Vs("some_metric", Matcher.NotEqual("foo", "bar"))));
        AssertParses("rate(some_metric[5m])", Fn("rate", new MatrixSelector(Vs("some_metric"), 300_000)));
        AssertParses("round(some_metric)", Fn("round", Vs("some_metric")));
        AssertParses("round(some_metric, 5)", Fn("round", Vs("some_metric"), Num(5)));
        AssertParses("start()", Fn("start"));
        AssertParses("end()", Fn("end"));
        AssertParses("step() + range()", Bin(BinaryOp.Add, Fn("step"), Fn("range")));
        AssertParses("min_of(3, 5)", Fn("min_of", Num(3), Num(5)));
        AssertParses("label_join(x, \"a\", \",\", \"b\", \"c\", \"d\")", Fn("label_join", Vs("x"), Str("a"), Str(","), Str("b"), Str("c"), Str("d")));
        AssertParses("histogram_quantiles(x, \"q\", 0.5, 0.9)", Fn("histogram_quantiles", Vs("x"), Str("q"), Num(0.5), Num(0.9)));
        AssertParses("sort_by_label(x, \"a\", \"b\")", Fn("sort_by_label", Vs("x"), Str("a"), Str("b")));
        AssertParses("hour()", Fn("hour"));
        AssertParses("info(rate(http_request_counter_total{}[5m]))",
            Fn("info", Fn("rate", new MatrixSelector(Vs("http_request_counter_total"), 300_000))));
        AssertParses("info(http_request_counter_total{namespace=\"zzz\"}, {foo=\"bar\", bar=\"baz\"})",
            Fn("info", Vs("http_request_counter_total", Eq("namespace", "zzz")), Sel(Eq("foo", "bar"), Eq("bar", "baz"))));
        AssertParses("info(x, {k8s_cluster_name=~\".*\"})", Fn("info", Vs("x"), Sel(Matcher.Regex("k8s_cluster_name", ".*"))));
    }

    [Fact]
    public void Types()
    {
        Assert.Equal(ValueType.Scalar, PromQLParser.ParseExpr("1 + 2").Type);
        Assert.Equal(ValueType.Vector, PromQLParser.ParseExpr("foo + 2").Type);
        Assert.Equal(ValueType.Matrix, PromQLParser.ParseExpr("foo[5m]").Type);
        Assert.Equal(ValueType.Matrix, PromQLParser.ParseExpr("foo[5m:]").Type);
        Assert.Equal(ValueType.String, PromQLParser.ParseExpr("\"x\"").Type);
        Assert.Equal(ValueType.Scalar, PromQLParser.ParseExpr("scalar(foo)").Type);
        Assert.Equal(ValueType.Vector, PromQLParser.ParseExpr("(sum(foo))").Type);
        Assert.Equal(ValueType.Scalar, PromQLParser.ParseExpr("-(time())").Type);
    }

    [Fact]
    public void ScalarOperands_HaveNoVectorMatching()
    {
        var b = Assert.IsType<BinaryExpr>(PromQLParser.ParseExpr("foo + on() 1"));
        Assert.Null(b.Matching);
        b = Assert.IsType<BinaryExpr>(PromQLParser.ParseExpr("foo + bar"));
        Assert.NotNull(b.Matching);
        Assert.Equal(Cardinality.OneToOne, b.Matching.Card);
    }

    [Fact]
    public void Positions()
    {
        var b = Assert.IsType<BinaryExpr>(PromQLParser.ParseExpr("sum by (job) (rate(foo[5m])) / 2"));
        Assert.Equal(new PositionRange(0, 32), b.PositionRange);
        var agg = Assert.IsType<AggregateExpr>(b.Lhs);
        Assert.Equal(new PositionRange(0, 28), agg.PositionRange);
        var call = Assert.IsType<Call>(agg.Expr);
        Assert.Equal(new PositionRange(14, 27), call.PositionRange);
        var ms = Assert.IsType<MatrixSelector>(call.Args[0]);
        Assert.Equal(new PositionRange(19, 26), ms.PositionRange);
        Assert.Equal(new PositionRange(19, 22), ms.VectorSelector.PositionRange);
        Assert.Equal(new PositionRange(31, 32), b.Rhs.PositionRange);
        Assert.Equal(new PositionRange(0, 13), PromQLParser.ParseExpr("foo offset 5m").PositionRange);
        var u = Assert.IsType<UnaryExpr>(PromQLParser.ParseExpr(" +some_metric"));
        Assert.Equal(new PositionRange(1, 13), u.PositionRange);
        Assert.Equal(new PositionRange(2, 13), u.Expr.PositionRange);
        Assert.Equal(new PositionRange(0, 2), PromQLParser.ParseExpr("-1").PositionRange);
    }

    [Fact]
    public void ParseMetricSelector_ReturnsMatchers()
    {
        var ms = PromQLParser.ParseMetricSelector("up{job=\"api\", instance=~\"a.*\"}");
        Assert.Equal(["job", "instance", "__name__"], ms.Select(m => m.Name));
        Assert.Single(PromQLParser.ParseMetricSelector("{__name__=~\"x.+\"}"));
        Assert.Equal("sum", PromQLParser.ParseMetricSelector("sum")[0].Value);
        Assert.Equal("my.metric", PromQLParser.ParseMetricSelector("{\"my.metric\"}")[0].Value);
        var e = Assert.Throws<PromQLException>(() => PromQLParser.ParseMetricSelector("up offset 5m"));
        Assert.Equal("1:4: parse error: unexpected <offset>", e.Message);
        Assert.Throws<PromQLException>(() => PromQLParser.ParseMetricSelector("rate(up[5m])"));
        Assert.Throws<PromQLException>(() => PromQLParser.ParseMetricSelector("up{"));
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1h30m", 5_400_000L)]
    [InlineData("250ms", 250L)]
    [InlineData("1y", 31_536_000_000L)]
    [InlineData("1w", 604_800_000L)]
    [InlineData("2d3h", 183_600_000L)]
    public void ParseDuration_Valid(string s, long ms) => Assert.Equal(ms, PromQLParser.ParseDuration(s));

    [Theory]
    [InlineData("1.5m", "unknown unit \".\" in duration \"1.5m\"")]
    [InlineData("", "empty duration string")]
    [InlineData("5", "not a valid duration string: \"5\"")]
    [InlineData("1m1h", "not a valid duration string: \"1m1h\"")]
    [InlineData("1x", "unknown unit \"x\" in duration \"1x\"")]
    [InlineData("300y", "duration out of range")]
    public void ParseDuration_Invalid(string s, string message)
    {
        var e = Assert.Throws<PromQLException>(() => PromQLParser.ParseDuration(s));
        Assert.Equal(message, e.Message);
        Assert.False(PromQLParser.TryParseDuration(s, out _));
    }
}
