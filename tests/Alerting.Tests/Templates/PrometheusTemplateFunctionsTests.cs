using Tsdb.Alerting.Templates;

namespace Tsdb.Alerting.Tests.Templates;

/// <summary>Cases rewritten from Prometheus's template_test.go and prometheus/common's humanize tests.</summary>
public class PrometheusTemplateFunctionsTests
{
    private static TemplateSample S(double v, params string[] labels)
    {
        var d = new Dictionary<string, string>();
        for (var i = 0; i < labels.Length; i += 2)
        {
            d[labels[i]] = labels[i + 1];
        }

        return new TemplateSample(d, v);
    }

    private static string Run(string text, object? dot = null, IReadOnlyList<TemplateSample>? result = null)
    {
        var fns = PrometheusTemplateFunctions.Create(_ => result ?? [], "http://testhost:9090/path/prefix", new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        return GoTemplate.Parse("test", text, fns, GoTemplateOptions.MissingKeyZero).Execute(dot);
    }

    private static string RunError(string text, IReadOnlyList<TemplateSample>? result = null) =>
        Assert.Throws<TemplateException>(() => Run(text, null, result)).Message;

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(1234567.0, "1.235M")]
    [InlineData(0.12, "120m")]
    [InlineData(0.0012, "1.2m")]
    [InlineData(-1500.0, "-1.5k")]
    [InlineData(1e27, "1000Y")]
    [InlineData(1e-30, "1e-06y")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void Humanize(double v, string expected) => Assert.Equal(expected, Run("{{ humanize . }}", v));

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(1048576.0, "1Mi")]
    [InlineData(0.12, "0.12")]
    [InlineData(1536.0, "1.5ki")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NaN, "NaN")]
    public void Humanize1024(double v, string expected) => Assert.Equal(expected, Run("{{ humanize1024 . }}", v));

    [Theory]
    [InlineData(0.0, "0s")]
    [InlineData(1.0, "1s")]
    [InlineData(60.0, "1m 0s")]
    [InlineData(3600.0, "1h 0m 0s")]
    [InlineData(86400.0, "1d 0h 0m 0s")]
    [InlineData(86400.0 + 3600, "1d 1h 0m 0s")]
    [InlineData(-(86400.0 * 2 + 3600 * 3 + 60 * 4 + 5), "-2d 3h 4m 5s")]
    [InlineData(899.99, "14m 59s")]
    [InlineData(.1, "100ms")]
    [InlineData(.0001, "100us")]
    [InlineData(.12345, "123.5ms")]
    [InlineData(60.1, "1m 0s")]
    [InlineData(60.5, "1m 0s")]
    [InlineData(1.2345, "1.234s")]
    [InlineData(12.345, "12.35s")]
    [InlineData(-1.0, "-1s")]
    [InlineData(1234567.0, "14d 6h 56m 7s")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void HumanizeDuration(double v, string expected) => Assert.Equal(expected, Run("{{ humanizeDuration . }}", v));

    [Theory]
    [InlineData("\"0\"", "0s")]
    [InlineData("\"3600\"", "1h 0m 0s")]
    [InlineData("\".12345\"", "123.5ms")]
    [InlineData("-1", "-1s")]
    [InlineData("1234567", "14d 6h 56m 7s")]
    public void HumanizeDuration_AcceptsStringsAndInts(string arg, string expected) =>
        Assert.Equal(expected, Run("{{ humanizeDuration " + arg + " }}"));

    [Fact]
    public void HumanizeDuration_BadString() =>
        Assert.Equal("template: test:1:3: executing \"test\" at <humanizeDuration \"on...>: error calling humanizeDuration: strconv.ParseFloat: parsing \"one\": invalid syntax",
            RunError("{{ humanizeDuration \"one\" }}"));

    [Fact]
    public void HumanizePercentage() =>
        Assert.Equal("-22.22%:0%:12.35%:123.5%",
            Run("{{ -0.22222 | humanizePercentage }}:{{ 0.0 | humanizePercentage }}:{{ 0.1234567 | humanizePercentage }}:{{ 1.23456 | humanizePercentage }}"));

    [Fact]
    public void HumanizeTimestamp()
    {
        Assert.Equal("2015-06-23 13:19:44.128 +0000 UTC", Run("{{ 1435065584.128 | humanizeTimestamp }}"));
        Assert.Equal("2015-06-23 13:19:44.128 +0000 UTC", Run("{{ \"1435065584.128\" | humanizeTimestamp }}"));
        Assert.Equal("1970-01-01 00:00:00 +0000 UTC", Run("{{ 0 | humanizeTimestamp }}"));
        Assert.Equal("+Inf:-Inf:NaN", Run("{{ range . }}{{ humanizeTimestamp . }}{{ end }}".Replace("{{ end }}", ":{{ end }}", StringComparison.Ordinal), new List<object?> { double.PositiveInfinity, double.NegativeInfinity, double.NaN }).TrimEnd(':'));
    }

    [Fact]
    public void InfAndNaN_AllHumanizers() =>
        Assert.Equal("+Inf:+Inf:+Inf:+Inf:-Inf:-Inf:-Inf:-Inf:NaN:NaN:NaN:NaN:",
            Run("{{ range . }}{{ humanize . }}:{{ humanize1024 . }}:{{ humanizeDuration . }}:{{humanizeTimestamp .}}:{{ end }}",
                new List<object?> { double.PositiveInfinity, double.NegativeInfinity, double.NaN }));

    [Theory]
    [InlineData("{{ \"aa bb CC\" | title }}", "Aa Bb CC")]
    [InlineData("{{ \"hello_world foo-bar\" | title }}", "Hello_world Foo-Bar")]
    [InlineData("{{ \"aa bb CC\" | toUpper }}", "AA BB CC")]
    [InlineData("{{ \"aA bB CC\" | toLower }}", "aa bb cc")]
    [InlineData("{{ match \"a+\" \"aa\" }} {{ match \"a+\" \"b\" }} {{ match \"^b\" \"ab\" }}", "true false false")]
    [InlineData("{{ reReplaceAll \"(a)b\" \"x$1\" \"ab\" }}", "xa")]
    [InlineData("{{ reReplaceAll \"(?P<host>[^:]+):(\\\\d+)\" \"${host}/$2/$1x/$$\" \"web:80\" }}", "web/80//$")]
    [InlineData("{{ graphLink \"up\" }}", "/graph?g0.expr=up&g0.tab=0")]
    [InlineData("{{ tableLink \"rate(x[5m]) > 1\" }}", "/graph?g0.expr=rate%28x%5B5m%5D%29+%3E+1&g0.tab=1")]
    [InlineData("{{ pathPrefix }}", "/path/prefix")]
    [InlineData("{{ externalURL }}", "http://testhost:9090/path/prefix")]
    [InlineData("{{ \"<b>\" | safeHtml }}", "<b>")]
    [InlineData("{{ \"<b>\" }}", "<b>")]
    [InlineData("{{ define \"x\" }}{{ .arg0 }} {{ .arg1 }}{{ end }}{{ template \"x\" (args 1 \"2\") }}", "1 2")]
    [InlineData("{{ define \"a\" }}x{{ end }}{{ $name := \"a\" }}{{ tmpl $name . }}", "x")]
    [InlineData("{{ parseDuration \"1h30m\" }} {{ parseDuration \"1.5\" | printf \"%v\" }}", "5400 %!v(MISSING)")]
    [InlineData("{{ urlQueryEscape \"a b/c\" }}", "a+b%2Fc")]
    [InlineData("{{ 1435065584.128 | toTime }}", "2015-06-23 13:19:44.128 +0000 UTC")]
    [InlineData("{{ 3723.5 | toDuration }}", "1h2m3.5s")]
    [InlineData("{{ now }}", "1.5778368e+09")]
    [InlineData("{{ now | humanizeTimestamp }}", "2020-01-01 00:00:00 +0000 UTC")]
    public void Functions(string text, string expected)
    {
        if (text.Contains("parseDuration \"1.5\"", StringComparison.Ordinal))
        {
            // parseDuration rejects a bare number: Prometheus durations need a unit.
            Assert.Contains("not a valid duration string: \"1.5\"", RunError(text), StringComparison.Ordinal);
            return;
        }

        Assert.Equal(expected, Run(text));
    }

    [Theory]
    [InlineData("foo.example.com:12345", "foo.example.com")]
    [InlineData("foo.example.com", "foo.example.com")]
    [InlineData("192.168.0.1:9100", "192.168.0.1")]
    [InlineData("[2a01:4f8:c17:bb::1]:12345", "2a01:4f8:c17:bb::1")]
    [InlineData("2a01:4f8:c17:bb::1", "2a01:4f8:c17:bb::1")]
    [InlineData("[2a01::1]", "[2a01::1]")]
    public void StripPort(string input, string expected) =>
        Assert.Equal(expected, Run("{{ stripPort . }}", input));

    [Theory]
    [InlineData("foo.example.com", "foo")]
    [InlineData("foo.example.com:12345", "foo:12345")]
    [InlineData("localhost", "localhost")]
    [InlineData("192.168.0.1:9100", "192.168.0.1:9100")]
    [InlineData("[2001:db8::1]:9100", "[2001:db8::1]:9100")]
    public void StripDomain(string input, string expected) =>
        Assert.Equal(expected, Run("{{ stripDomain . }}", input));

    [Fact]
    public void Query_First_Value_Label()
    {
        var one = new[] { S(11, "__name__", "metric", "instance", "a") };
        Assert.Equal("1.5", Run("{{ query \"1.5\" | first | value }}", null, [S(1.5)]));
        Assert.Equal("11", Run("{{ query \"metric{instance='a'}\" | first | value }}", null, one));
        Assert.Equal("a", Run("{{ query \"metric{instance='a'}\" | first | label \"instance\" }}", null, one));
        Assert.Equal("", Run("{{ query \"metric{instance='a'}\" | first | label \"foo\" }}", null, one));
        Assert.Equal("", Run("{{ $x := query \"metric\" | first }}{{ $x.Labels.foo }}", null, one));
        Assert.Equal("str", Run("{{ query \"x\" | first | strvalue }}", null, [S(1, "__value__", "str")]));
    }

    [Fact]
    public void SortByLabel_IsStable()
    {
        var result = new[] { S(21, "instance", "b"), S(11, "instance", "a"), S(31, "instance", "b", "x", "2") };
        Assert.Equal("a:11: b:21: b:31: ", Run("{{ range query \"metric\" | sortByLabel \"instance\" }}{{.Labels.instance}}:{{.Value}}: {{end}}", null, result));
    }

    [Fact]
    public void Query_Errors()
    {
        Assert.Equal("template: test:1:21: executing \"test\" at <first>: error calling first: first() called on vector with no elements",
            RunError("{{ query \"missing\" | first }}"));
        Assert.Equal("template: test:1:10: executing \"test\" at <\"missing\">: can't evaluate field banana in type template.queryResult",
            RunError("{{ (query \"missing\").banana }}"));
        var fns = PrometheusTemplateFunctions.Create(_ => throw new InvalidOperationException("parse error: bad query"));
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse("t", "{{ query \"(\" }}", fns).Execute(null));
        Assert.Equal("template: t:1:3: executing \"t\" at <query \"(\">: error calling query: parse error: bad query", e.Message);
    }

    [Fact]
    public void Parse_Errors()
    {
        Assert.Equal("template: test:1: unclosed action", Assert.Throws<TemplateException>(() => Run("{{")).Message);
        Assert.Equal("template: test:1: unrecognized character in action: U+00A0", Assert.Throws<TemplateException>(() => Run("{{\u00a0}}")).Message);
    }

    [Fact]
    public void Humanize_WrongType() =>
        Assert.Equal("template: test:1:3: executing \"test\" at <humanize true>: error calling humanize: can't convert bool to float",
            RunError("{{ humanize true }}"));
}
