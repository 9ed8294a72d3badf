using Tsdb.PromQL.Ast;
using Tsdb.PromQL.Parser;
using Tsdb.Storage;
using static Tsdb.PromQL.Tests.Parser.A;

namespace Tsdb.PromQL.Tests.Parser;

/// <summary>Canonical output (Prometheus printer_test.go and more) and print→parse round trips.</summary>
public class PrinterTests
{
    public static TheoryData<string, string> Golden => new()
    {
        // From printer_test.go (Prometheus 3: a space before the label list).
        { "sum by() (task:errors:rate10s{job=\"s\"})", "sum(task:errors:rate10s{job=\"s\"})" },
        { "sum by(code) (task:errors:rate10s{job=\"s\"})", "sum by (code) (task:errors:rate10s{job=\"s\"})" },
        { "sum without() (task:errors:rate10s{job=\"s\"})", "sum without () (task:errors:rate10s{job=\"s\"})" },
        { "sum without(instance) (task:errors:rate10s{job=\"s\"})", "sum without (instance) (task:errors:rate10s{job=\"s\"})" },
        { "topk(5, task:errors:rate10s{job=\"s\"})", "" },
        { "count_values(\"value\", task:errors:rate10s{job=\"s\"})", "" },
        { "a - on() c", "a - on () c" },
        { "a - on(b) c", "a - on (b) c" },
        { "a - on(b) group_left(x) c", "a - on (b) group_left (x) c" },
        { "a - on(b) group_left(x, y) c", "a - on (b) group_left (x, y) c" },
        { "a - on(b) group_left c", "a - on (b) group_left () c" },
        { "a - on(b) group_left() (c)", "a - on (b) group_left () (c)" },
        { "a - ignoring(b) c", "a - ignoring (b) c" },
        { "a - ignoring() c", "a - c" },
        { "up > bool 0", "" },
        { "a offset 1m", "" },
        { "a offset -7m", "" },
        { "a{c=\"d\"}[5m] offset 1m", "" },
        { "a[5m] offset 1m", "" },
        { "a[12m] offset -3m", "" },
        { "a[1h:5m] offset 1m", "" },
        { "{__name__=\"a\"}", "" },
        { "a{b!=\"c\"}[1m]", "" },
        { "a{b=~\"c\"}[1m]", "" },
        { "a{b!~\"c\"}[1m]", "" },
        { "a @ 10", "a @ 10.000" },
        { "a[1m] @ 10", "a[1m] @ 10.000" },
        { "a @ start()", "" },
        { "a @ end()", "" },
        { "a[1m] @ start()", "" },
        { "a[1m] @ end()", "" },

        // More.
        { "sum by (job) (rate(foo[5m]))", "" },
        { "SUM(rate(foo[300s])) BY (job)", "sum by (job) (rate(foo[5m]))" },
        { "foo[90m]", "foo[1h30m]" },
        { "foo[1.5]", "foo[1s500ms]" },
        { "foo[14d]", "foo[2w]" },
        { "foo[10d]", "foo[10d]" },
        { "foo[365d]", "foo[1y]" },
        { "foo[5m:]", "" },
        { "foo[5m:1m] @ 1.5 offset -1h", "foo[5m:1m] @ 1.500 offset -1h" },
        { "foo offset 5m @ 1603774568", "foo @ 1603774568.000 offset 5m" },
        { "foo{z=\"1\", a=\"2\"}", "foo{a=\"2\",z=\"1\"}" },
        { "{\"my.metric\", \"service.name\"=\"x\"}", "{\"service.name\"=\"x\",__name__=\"my.metric\"}" },
        { "sum by (\"foo bar\", job) (x)", "" },
        { "foo{a=\"tab\\there \\\"quoted\\\" \\\\ ☺ \\u00a0\"}", "foo{a=\"tab\\there \\\"quoted\\\" \\\\ ☺ \\u00a0\"}" },
        { "'single'", "\"single\"" },
        { "`raw\\n`", "\"raw\\\\n\"" },
        { "1e3", "1000" },
        { "1e-7", "0.0000001" },
        { "1.5e300", "15" + new string('0', 299) },
        { "0x1f", "31" },
        { "-Inf", "-Inf" },
        { "NaN", "NaN" },
        { "5m", "300" },
        { "-1 ^ 2", "-1 ^ 2" },
        { "-(1 ^ 2)", "" },
        { "- foo", "-foo" },
        { "2 ^ -1", "" },
        { "1 - -1", "" },
        { "(a + b) * c", "" },
        { "a and on (b) c", "" },
        { "a and c", "" },
        { "a / on (b) group_right (c) d", "" },
        { "a > bool on (b) c", "" },
        { "label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")", "" },
        { "histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))", "" },
        { "quantile_over_time(0.5, foo[1h:5m])", "" },
        { "max_over_time(deriv(rate(distance_covered_total[5s])[30s:5s])[10m:])", "" },
        { "sum(rate(x[5m])) by (job) / ignoring(code) group_left sum(rate(x[5m])) by (job)",
            "sum by (job) (rate(x[5m])) / ignoring (code) group_left () sum by (job) (rate(x[5m]))" },
        { "foo # comment\n + bar", "foo + bar" },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void Print_IsCanonical(string input, string expected)
    {
        var expr = PromQLParser.ParseExpr(input);
        var printed = expr.ToString();
        Assert.Equal(expected.Length == 0 ? input : expected, printed);
        var reparsed = PromQLParser.ParseExpr(printed);
        Assert.True(AstEquality.AreEqual(expr, reparsed), $"{input} => {printed} => {PromQLPrinter.Print(reparsed)}");
    }

    [Fact]
    public void VectorSelector_String()
    {
        Assert.Equal("foobar", PromQLPrinter.Print(new VectorSelector("foobar", [])));
        Assert.Equal("foobar{a=\"x\"}", PromQLPrinter.Print(new VectorSelector("foobar", [Eq("a", "x")])));
        Assert.Equal("foobar{a=\"x\",b=\"y\"}", PromQLPrinter.Print(new VectorSelector("foobar", [Eq("a", "x"), Eq("b", "y")])));
        Assert.Equal("{a=\"x\",b=\"y\"}", PromQLPrinter.Print(Sel(Eq("a", "x"), Eq("b", "y"))));
        Assert.Equal("foobar", PromQLPrinter.Print(Vs("foobar")));
        Assert.Equal("{__name__=\"foobar\"}", PromQLPrinter.Print(Sel(Eq("__name__", "foobar"))));
    }

    [Fact]
    public void MatcherString_QuotesNonLegacyNames()
    {
        Assert.Equal("job=\"a\\\"b\"", PromQLPrinter.MatcherString(Matcher.Equal("job", "a\"b")));
        Assert.Equal("\"service.name\"!~\"x\\\\.y\"", PromQLPrinter.MatcherString(Matcher.NotRegex("service.name", "x\\.y")));
    }
}
