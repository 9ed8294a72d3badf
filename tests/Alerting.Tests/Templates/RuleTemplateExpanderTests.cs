using Tsdb.Alerting.Templates;

namespace Tsdb.Alerting.Tests.Templates;

public class RuleTemplateExpanderTests
{
    private static readonly DateTime EvalTime = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);

    private static readonly Dictionary<string, string> Labels = new()
    {
        ["alertname"] = "HighLatency",
        ["instance"] = "web-1.example.com:9100",
        ["job"] = "node",
    };

    private static RuleTemplateExpander Expander(Func<string, DateTime, IReadOnlyList<TemplateSample>>? query = null) =>
        new(query, "http://prom.example.com:9090/prom", new Dictionary<string, string> { ["cluster"] = "eu1" });

    [Theory]
    [InlineData("no template here", "no template here")]
    [InlineData("{{ $labels.instance }} is slow", "web-1.example.com:9100 is slow")]
    [InlineData("{{ .Labels.job }}/{{ $labels.missing }}|", "node/|")]
    [InlineData("{{ $value }} {{ .Value }} {{ $value | humanize }} {{ printf \"%.2f\" $value }}", "1.2345e+06 1.2345e+06 1.234M 1234500.00")]
    [InlineData("{{ $externalLabels.cluster }} {{ .ExternalLabels.cluster }} {{ $externalURL }} {{ .ExternalURL }}", "eu1 eu1 http://prom.example.com:9090/prom http://prom.example.com:9090/prom")]
    [InlineData("{{ pathPrefix }} {{ externalURL }}", "/prom http://prom.example.com:9090/prom")]
    [InlineData("{{ $labels.instance | stripPort | stripDomain }}", "web-1")]
    [InlineData("{{ if gt $value 1000.0 }}big{{ else }}small{{ end }}", "big")]
    [InlineData("{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}", "alertname=HighLatency;instance=web-1.example.com:9100;job=node;")]
    [InlineData("{{ now | humanizeTimestamp }}", "2024-05-01 12:00:00 +0000 UTC")]
    public void Expands(string text, string expected) =>
        Assert.Equal(expected, Expander().Expand("HighLatency", text, Labels, 1234500, EvalTime));

    [Fact]
    public void ParseError_IsRenderedLikePrometheus() =>
        Assert.Equal("<error expanding template: error parsing template __alert_HighLatency: template: __alert_HighLatency:1: function \"foo\" not defined>",
            Expander().Expand("HighLatency", "{{ foo }}", Labels, 1, EvalTime));

    [Fact]
    public void ExecError_ColumnsIncludeThePrelude() =>
        Assert.Equal("<error expanding template: error executing template __alert_HighLatency: template: __alert_HighLatency:1:115: executing \"__alert_HighLatency\" at <index $labels.x 5>: error calling index: index out of range: 5>",
            Expander().Expand("HighLatency", "{{ index $labels.x 5 }}", Labels, 1, EvalTime));

    [Fact]
    public void IncompatibleComparison_IsAnErrorLikeGo() =>
        Assert.Equal("<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" at <gt $value 1>: error calling gt: incompatible types for comparison>",
            Expander().Expand("A", "{{ gt $value 1 }}", Labels, 2, EvalTime));

    [Fact]
    public void MissingTemplate_IsAnError() =>
        Assert.Equal("<error expanding template: error executing template __alert_A: template: __alert_A:1:124: executing \"__alert_A\" at <{{template \"nope\" .}...>: template \"nope\" not defined>",
            Expander().Expand("A", "{{ template \"nope\" . }}", Labels, 2, EvalTime));

    [Fact]
    public void Query_UsesEvaluationTime()
    {
        DateTime? seen = null;
        var expander = Expander((q, t) =>
        {
            seen = t;
            return [new TemplateSample(new Dictionary<string, string> { ["instance"] = q }, 0.5)];
        });
        Assert.Equal("up:50%", expander.Expand("A", "{{ with query \"up\" | first }}{{ .Labels.instance }}:{{ .Value | humanizePercentage }}{{ end }}", Labels, 1, EvalTime));
        Assert.Equal(EvalTime, seen);
    }

    [Fact]
    public void Query_FailureBecomesErrorText()
    {
        var expander = Expander((_, _) => throw new InvalidOperationException("query timed out"));
        Assert.Equal("<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" at <query \"up\">: error calling query: query timed out>",
            expander.Expand("A", "{{ query \"up\" }}", Labels, 1, EvalTime));
    }

    [Fact]
    public void CachedTemplates_GiveTheSameResults()
    {
        var expander = Expander();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("v=" + i, expander.Expand("A", "v={{ $value }}", Labels, i, EvalTime));
            Assert.StartsWith("<error expanding template", expander.Expand("A", "{{ bad", Labels, i, EvalTime), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("{{ $labels.instance }}", null)]
    [InlineData("plain", null)]
    [InlineData("{{ humanize $value }} {{ query \"up\" | first | value }}", null)]
    [InlineData("{{ foo }}", "template: __alert_:1: function \"foo\" not defined")]
    [InlineData("{{ $labels.instance ", "template: __alert_:1: unclosed action")]
    [InlineData("{{ if $value }}", "template: __alert_:1: unexpected EOF")]
    [InlineData("{{ $undefined }}", "template: __alert_:1: undefined variable \"$undefined\"")]
    public void Validate(string text, string? error) => Assert.Equal(error, RuleTemplateExpander.Validate(text));
}
