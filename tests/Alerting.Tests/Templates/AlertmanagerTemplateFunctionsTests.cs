using Tsdb.Alerting.Templates;

namespace Tsdb.Alerting.Tests.Templates;

public class AlertmanagerTemplateFunctionsTests
{
    private static readonly DateTime Clock = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);

    private sealed class Alert(string status, Dictionary<string, string> labels, Dictionary<string, string> annotations, DateTime startsAt) : ITemplateObject
    {
        public bool TryGetField(string name, out object? value)
        {
            value = name switch
            {
                "Status" => status,
                "Labels" => new TemplateKV(labels),
                "Annotations" => new TemplateKV(annotations),
                "StartsAt" => startsAt,
                _ => null,
            };
            return value is not null;
        }
    }

    private sealed class Data(TemplateAlerts alerts, TemplateKV group, TemplateKV common) : ITemplateObject
    {
        public bool TryGetField(string name, out object? value)
        {
            value = name switch
            {
                "Status" => "firing",
                "Receiver" => "team-x",
                "Alerts" => alerts,
                "GroupLabels" => group,
                "CommonLabels" => common,
                "CommonAnnotations" => new TemplateKV(new Dictionary<string, string> { ["summary"] = "Disk <full>" }),
                "ExternalURL" => "http://am:9093",
                _ => null,
            };
            return value is not null;
        }
    }

    private static readonly Data Notification = new(
        new TemplateAlerts(
        [
            new Alert("firing", new() { ["alertname"] = "DiskFull", ["instance"] = "a", ["severity"] = "page" }, new() { ["summary"] = "a is full" }, Clock.AddMinutes(-90)),
            new Alert("resolved", new() { ["alertname"] = "DiskFull", ["instance"] = "b", ["severity"] = "page" }, new() { ["summary"] = "b is full" }, Clock.AddHours(-3)),
        ]),
        new TemplateKV(new Dictionary<string, string> { ["alertname"] = "DiskFull" }),
        new TemplateKV(new Dictionary<string, string> { ["alertname"] = "DiskFull", ["severity"] = "page", ["env"] = "prod" }));

    private static string Run(string text, object? dot = null, GoTemplate? shared = null) =>
        GoTemplate.Parse("", text, AlertmanagerTemplateFunctions.Create(() => Clock), GoTemplateOptions.MissingKeyZero, shared).Execute(dot ?? Notification);

    [Theory]
    [InlineData("{{ \"hello WORLD\" | title }}", "Hello World")]
    [InlineData("{{ \"abc\" | toUpper }} {{ \"ABC\" | toLower }}", "ABC abc")]
    [InlineData("{{ \"  x \\n\" | trimSpace }}|", "x|")]
    [InlineData("{{ stringSlice \"a\" \"b\" | join \", \" }}", "a, b")]
    [InlineData("{{ match \"^Disk\" \"DiskFull\" }}", "true")]
    [InlineData("{{ reReplaceAll \"-\" \"_\" \"a-b-c\" }}", "a_b_c")]
    [InlineData("{{ \"<b>\" | safeHtml }}", "<b>")]
    [InlineData("{{ \"a%20b+c\" | urlUnescape }}", "a b c")]
    [InlineData("{{ 3725 | humanizeDuration }}", "1h 2m 5s")]
    [InlineData("{{ .CommonLabels | toJson }}", "{\"alertname\":\"DiskFull\",\"env\":\"prod\",\"severity\":\"page\"}")]
    [InlineData("{{ .CommonAnnotations | toJson }}", "{\"summary\":\"Disk \\u003cfull\\u003e\"}")]
    [InlineData("{{ toJson (stringSlice \"a\" \"b\") }} {{ toJson 1.5 }} {{ toJson 1e21 }} {{ toJson 0.0000001 }}", "[\"a\",\"b\"] 1.5 1e+21 1e-7")]
    [InlineData("{{ (index .Alerts 0).StartsAt | date \"2006-01-02T15:04:05Z07:00 Mon Jan _2 3PM .000\" }}", "2024-05-01T10:30:00Z Wed May  1 10AM .000")]
    [InlineData("{{ (index .Alerts 0).StartsAt | since | humanizeDuration }}", "1h 30m 0s")]
    [InlineData("{{ (index .Alerts 0).StartsAt | since }}", "1h30m0s")]
    [InlineData("{{ (index .Alerts 0).StartsAt | tz \"UTC\" | date \"15:04 MST\" }}", "10:30 UTC")]
    public void Functions(string text, string expected) => Assert.Equal(expected, Run(text));

    [Theory]
    [InlineData("{{ .CommonLabels.SortedPairs }}", "alertname=DiskFull, env=prod, severity=page")]
    [InlineData("{{ .CommonLabels }}", "alertname=DiskFull, env=prod, severity=page")]
    [InlineData("{{ .CommonLabels.severity }}{{ .CommonLabels.nope }}", "page")]
    [InlineData("{{ (.CommonLabels.Remove .GroupLabels.Names).Values | join \" \" }}", "prod page")]
    [InlineData("{{ range .CommonLabels.SortedPairs }}{{ .Name }}:{{ .Value }} {{ end }}", "alertname:DiskFull env:prod severity:page ")]
    [InlineData("[{{ .Status | toUpper }}{{ if eq .Status \"firing\" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .GroupLabels.SortedPairs.Values | join \" \" }}", "[FIRING:1] DiskFull")]
    [InlineData("{{ range .Alerts.Resolved }}{{ .Labels.instance }}{{ end }}", "b")]
    [InlineData("{{ range .Alerts }}{{ .Annotations.summary }};{{ end }}", "a is full;b is full;")]
    public void KvAndAlertsMethods(string text, string expected) => Assert.Equal(expected, Run(text));

    [Fact]
    public void NotifierComposesDefaultTemplates()
    {
        // The shape of Alertmanager's default.tmpl, written for this test.
        const string defaults = """
            {{ define "__subject" }}[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .GroupLabels.SortedPairs.Values | join " " }} {{ if gt (len .CommonLabels) (len .GroupLabels) }}({{ with .CommonLabels.Remove .GroupLabels.Names }}{{ .Values | join " " }}{{ end }}){{ end }}{{ end }}
            {{ define "__alertmanagerURL" }}{{ .ExternalURL }}/#/alerts?receiver={{ .Receiver | urlquery }}{{ end }}
            {{ define "slack.default.title" }}{{ template "__subject" . }}{{ end }}
            {{ define "slack.default.titlelink" }}{{ template "__alertmanagerURL" . }}{{ end }}
            """;
        var set = GoTemplate.Parse("default.tmpl", defaults, AlertmanagerTemplateFunctions.Create(() => Clock), GoTemplateOptions.MissingKeyZero);
        Assert.Equal("[FIRING:1] DiskFull (prod page)", Run("{{ template \"slack.default.title\" . }}", null, set));
        Assert.Equal("http://am:9093/#/alerts?receiver=team-x", Run("{{ template \"slack.default.titlelink\" . }}", null, set));

        // A user's template file overrides a default definition.
        set.AddDefinitions("{{ define \"slack.default.title\" }}custom {{ .Receiver }}{{ end }}", "custom.tmpl");
        Assert.Equal("custom team-x", Run("{{ template \"slack.default.title\" . }}", null, set));
    }

    [Fact]
    public void Errors()
    {
        Assert.Equal("template: :1:3: executing \"\" at <join \",\" 1>: wrong type for value; expected []string; got int",
            Assert.Throws<TemplateException>(() => Run("{{ join \",\" 1 }}")).Message);
        Assert.Equal("template: :1:3: executing \"\" at <tz \"Nowhere/Nope\" .A...>: wrong type for value; expected time.Time; got []interface {}",
            Assert.Throws<TemplateException>(() => Run("{{ tz \"Nowhere/Nope\" .Alerts }}")).Message);
        Assert.Equal("template: :1:3: executing \"\" at <toJson nan>: error calling toJson: json: unsupported value: NaN",
            Assert.Throws<TemplateException>(() => GoTemplate.Parse("", "{{ toJson nan }}", AlertmanagerTemplateFunctions.Create().Add("nan", 0, _ => double.NaN)).Execute(null)).Message);
    }
}
