using System.Text;
using System.Text.Json;
using Tsdb.Alerting.Rules;

namespace Tsdb.Alerting.Tests.Rules;

public sealed class RulesApiJsonTests
{
    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            write(w);
        }

        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static async Task<RuleTestHarness> Setup()
    {
        var h = new RuleTestHarness();
        h.Add("m{i=\"1\"}", 0, 42);
        h.Load("""
            groups:
              - name: g
                rules:
                  - record: r
                    expr: sum(m)
                  - alert: A
                    expr: m > 10
                    for: 5m
                    labels: {severity: page}
                    annotations: {summary: "v={{ $value }}"}
              - name: h
                rules:
                  - record: broken
                    expr: '"s"'
            """);
        await h.Eval(0);
        return h;
    }

    [Fact]
    public async Task Rules_have_prometheus_shape()
    {
        using var h = await Setup();
        var json = Write(w => RulesApiJson.WriteRules(w, h.Manager.Groups()));
        var file = JsonSerializer.Serialize(Path.Combine(h.Dir, "rules.yml"));
        Assert.Equal(
            "{\"groups\":[{\"name\":\"g\",\"file\":" + file + ",\"rules\":[" +
            "{\"name\":\"r\",\"query\":\"sum(m)\",\"labels\":{},\"health\":\"ok\",\"evaluationTime\":EVAL,\"lastEvaluation\":\"1970-01-01T00:00:00Z\",\"type\":\"recording\"}," +
            "{\"state\":\"pending\",\"name\":\"A\",\"query\":\"m \\u003E 10\",\"duration\":300,\"keepFiringFor\":0,\"labels\":{\"severity\":\"page\"}," +
            "\"annotations\":{\"summary\":\"v={{ $value }}\"},\"alerts\":[{\"labels\":{\"alertname\":\"A\",\"i\":\"1\",\"severity\":\"page\"}," +
            "\"annotations\":{\"summary\":\"v=42\"},\"state\":\"pending\",\"activeAt\":\"1970-01-01T00:00:00Z\",\"value\":\"4.2e\\u002B01\"}]," +
            "\"health\":\"ok\",\"evaluationTime\":EVAL,\"lastEvaluation\":\"1970-01-01T00:00:00Z\",\"type\":\"alerting\"}]," +
            "\"interval\":60,\"limit\":0,\"evaluationTime\":EVAL,\"lastEvaluation\":\"1970-01-01T00:00:00Z\"}," +
            "{\"name\":\"h\",\"file\":" + file + ",\"rules\":[{\"name\":\"broken\",\"query\":\"\\u0022s\\u0022\",\"labels\":{},\"health\":\"err\"," +
            "\"lastError\":\"rule result is not a vector or scalar\",\"evaluationTime\":EVAL,\"lastEvaluation\":\"1970-01-01T00:00:00Z\",\"type\":\"recording\"}]," +
            "\"interval\":60,\"limit\":0,\"evaluationTime\":EVAL,\"lastEvaluation\":\"1970-01-01T00:00:00Z\"}]}",
            System.Text.RegularExpressions.Regex.Replace(json, "\"evaluationTime\":[0-9.Ee+-]+", "\"evaluationTime\":EVAL"));
    }

    [Fact]
    public async Task Rule_filters()
    {
        using var h = await Setup();
        using var doc = JsonDocument.Parse(Write(w => RulesApiJson.WriteRules(w, h.Manager.Groups(), new RulesFilter(Type: "alert", ExcludeAlerts: true))));
        var groups = doc.RootElement.GetProperty("groups");
        Assert.Equal(1, groups.GetArrayLength());
        var rule = groups[0].GetProperty("rules").EnumerateArray().Single();
        Assert.Equal("A", rule.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, rule.GetProperty("alerts").ValueKind);

        using var doc2 = JsonDocument.Parse(Write(w => RulesApiJson.WriteRules(w, h.Manager.Groups(), new RulesFilter(RuleGroups: ["h"]))));
        Assert.Equal("h", doc2.RootElement.GetProperty("groups").EnumerateArray().Single().GetProperty("name").GetString());
        Assert.Throws<ArgumentException>(() => Write(w => RulesApiJson.WriteRules(w, h.Manager.Groups(), new RulesFilter(Type: "x"))));
    }

    [Fact]
    public async Task Alerts_lists_pending_and_firing()
    {
        using var h = await Setup();
        var json = Write(w => RulesApiJson.WriteAlerts(w, h.Manager.Groups()));
        using var doc = JsonDocument.Parse(json);
        var a = doc.RootElement.GetProperty("alerts").EnumerateArray().Single();
        Assert.Equal("pending", a.GetProperty("state").GetString());
        Assert.Equal("4.2e+01", a.GetProperty("value").GetString());
        Assert.Equal("1970-01-01T00:00:00Z", a.GetProperty("activeAt").GetString());
        Assert.False(a.TryGetProperty("keepFiringSince", out _));
    }

    [Theory]
    [InlineData(1.0, "1e+00", "1")]
    [InlineData(42.0, "4.2e+01", "42")]
    [InlineData(0.0, "0e+00", "0")]
    [InlineData(1e6, "1e+06", "1e+06")]
    [InlineData(123456.0, "1.23456e+05", "123456")]
    [InlineData(0.0001, "1e-04", "0.0001")]
    [InlineData(0.00001, "1e-05", "1e-05")]
    [InlineData(-2.5, "-2.5e+00", "-2.5")]
    [InlineData(double.NaN, "NaN", "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf", "+Inf")]
    public void Go_float_formats(double v, string e, string fmtV)
    {
        Assert.Equal(e, GoFloat.FormatE(v));
        Assert.Equal(fmtV, GoFloat.FormatV(v));
    }

    [Fact]
    public void Times_are_rfc3339_like_go()
    {
        Assert.Equal("0001-01-01T00:00:00Z", RulesApiJson.FormatTime(default));
        Assert.Equal("2024-01-02T03:04:05.5Z", RulesApiJson.FormatTime(new DateTime(2024, 1, 2, 3, 4, 5, 500, DateTimeKind.Utc)));
    }
}
