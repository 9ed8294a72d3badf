using Tsdb.Alerting.Templates;

namespace Tsdb.Alerting.Tests.Templates;

public class GoTemplateTests
{
    private sealed class Obj(Dictionary<string, object?> fields) : ITemplateObject
    {
        public bool TryGetField(string name, out object? value) => fields.TryGetValue(name, out value);

        public override string ToString() => "obj";
    }

    private static readonly Dictionary<string, object?> Data = new()
    {
        ["Labels"] = new Dictionary<string, string> { ["instance"] = "host:9090", ["job"] = "node" },
        ["Value"] = 1234.5,
        ["Int"] = 3L,
        ["Empty"] = "",
        ["List"] = new List<object?> { "a", "b", "c" },
        ["Nums"] = new List<object?> { 1L, 2L, 3L },
        ["Map"] = new Dictionary<string, object?> { ["z"] = 1L, ["a"] = "x" },
        ["True"] = true,
        ["Nil"] = null,
        ["Obj"] = new Obj(new() { ["Name"] = "n", ["Upper"] = new TemplateMethod(a => ((string)a[0]!).ToUpperInvariant()), ["Func"] = new Func<object?[], object?>(a => a[0] + "!") }),
    };

    private static string Run(string text, object? dot = null, GoTemplateOptions? options = null, TemplateFunctions? functions = null) =>
        GoTemplate.Parse("t", text, functions ?? TemplateFunctions.Empty, options).Execute(dot ?? Data);

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("{{ .Labels.instance }}", "host:9090")]
    [InlineData("{{.Labels.job}}-{{.Int}}", "node-3")]
    [InlineData("{{ .Value }}", "1234.5")]
    [InlineData("a  {{- .Int -}}  b", "a3b")]
    [InlineData("a \n {{- /* comment */ -}} \n b", "ab")]
    [InlineData("a{{/* c */}}b", "ab")]
    [InlineData("{{-3}}", "-3")]
    [InlineData("{{ 1.5 }} {{ 1e6 }} {{ 0x1F }} {{ 'a' }} {{ true }} {{ \"q\\n\" }}{{ `raw\\n` }}", "1.5 1e+06 31 97 true q\nraw\\n")]
    [InlineData("{{ $x := 5 }}{{ $x }}{{ $x = 6 }}{{ $x }}", "56")]
    [InlineData("{{ $.Int }}", "3")]
    [InlineData("{{ if .True }}yes{{ else }}no{{ end }}", "yes")]
    [InlineData("{{ if .Empty }}yes{{ else if .Int }}int{{ else }}no{{ end }}", "int")]
    [InlineData("{{ if .Nil }}y{{ else }}n{{ end }}{{ if .List }}L{{ end }}{{ if 0 }}z{{ end }}", "nL")]
    [InlineData("{{ range .List }}{{ . }},{{ end }}", "a,b,c,")]
    [InlineData("{{ range $i, $v := .List }}{{ $i }}={{ $v }} {{ end }}", "0=a 1=b 2=c ")]
    [InlineData("{{ range $k, $v := .Labels }}{{ $k }}:{{ $v }};{{ end }}", "instance:host:9090;job:node;")]
    [InlineData("{{ range .Missing }}x{{ else }}empty{{ end }}", "empty")]
    [InlineData("{{ range .List }}{{ if eq . \"b\" }}{{ break }}{{ end }}{{ . }}{{ end }}", "a")]
    [InlineData("{{ range .List }}{{ if eq . \"b\" }}{{ continue }}{{ end }}{{ . }}{{ end }}", "ac")]
    [InlineData("{{ range 3 }}{{ . }}{{ end }}", "012")]
    [InlineData("{{ with .Labels }}{{ .job }}{{ end }}", "node")]
    [InlineData("{{ with .Empty }}x{{ else }}none{{ end }}", "none")]
    [InlineData("{{ with $x := .Int }}{{ $x }}{{ end }}", "3")]
    [InlineData("{{ with .Empty }}a{{ else with .Labels.job }}{{ . }}{{ end }}", "node")]
    [InlineData("{{ range $i, $v := .Nums }}{{ if $i }},{{ end }}{{ $v }}{{ end }}", "1,2,3")]
    [InlineData("{{ range $v := .Map }}{{ $v }};{{ end }}", "x;1;")]
    [InlineData("{{ $n := 0 }}{{ range .List }}{{ $n = . }}{{ end }}{{ $n }}", "c")]
    [InlineData("{{ if and .True (not .Empty) }}ok{{ end }}", "ok")]
    [InlineData("{{ or .Missing \"default\" }}", "default")]
    [InlineData("{{ .Labels.nope | printf \"%q\" }}", "%!q(<nil>)")]
    [InlineData("{{ define \"T\" }}[{{ . }}]{{ end }}{{ template \"T\" .Int }}", "[3]")]
    [InlineData("{{ block \"B\" .Labels.job }}<{{ . }}>{{ end }}", "<node>")]
    [InlineData("{{ .Labels.job | printf \"%s!\" }}", "node!")]
    [InlineData("{{ (.Labels).job }}", "node")]
    [InlineData("{{ printf \"%d-%s\" (len .List) (index .List 1) }}", "3-b")]
    [InlineData("{{ .Map }}", "map[a:x z:1]")]
    [InlineData("{{ .List }}", "[a b c]")]
    [InlineData("{{ .Nil }}", "<no value>")]
    [InlineData("{{ .Obj.Name }} {{ .Obj.Upper \"x\" }} {{ \"y\" | .Obj.Upper }} {{ .Obj }}", "n X Y obj")]
    [InlineData("{{ and 1 0 }} {{ and 1 2 }} {{ or 0 \"\" }} {{ or 0 5 }} {{ not 0 }}", "0 2  5 true")]
    [InlineData("{{ eq 1 1 }} {{ eq \"a\" \"b\" \"a\" }} {{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt 1.5 2.5 }} {{ ge \"b\" \"a\" }}", "true true true true true false true")]
    [InlineData("{{ eq .Value 1234.5 }}", "true")]
    [InlineData("{{ len \"héllo\" }} {{ len .Map }}", "6 2")]
    [InlineData("{{ slice \"abcdef\" 1 3 }} {{ slice .List 1 }}", "bc [b c]")]
    [InlineData("{{ index .Map \"a\" }} {{ index .Labels \"job\" }}", "x node")]
    [InlineData("{{ print 1 2 \"a\" \"b\" 3 }}", "1 2ab3")]
    [InlineData("{{ println 1 \"a\" }}", "1 a\n")]
    [InlineData("{{ html \"<a href='x'>&\\\"\" }}", "&lt;a href=&#39;x&#39;&gt;&amp;&#34;")]
    [InlineData("{{ js \"it's <b>\" }}", "it\\'s \\u003Cb\\u003E")]
    [InlineData("{{ urlquery \"a b&c=d/é\" }}", "a+b%26c%3Dd%2F%C3%A9")]
    [InlineData("{{ call .Obj.Func \"abc\" }}", "abc!")]
    [InlineData("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", "2")]
    public void Executes(string text, string expected) => Assert.Equal(expected, Run(text));

    [Theory]
    [InlineData("{{ printf \"%s %d %f %.2f %g %.4g %v %q %x %5.1f %%\" \"s\" 42 1.5 3.14159 1e6 1234567.0 0.5 \"q\" 255 2.25 }}", "s 42 1.500000 3.14 1e+06 1.235e+06 0.5 \"q\" ff   2.2 %")]
    [InlineData("{{ printf \"%v %v %v %v\" 100000.0 1000000.0 0.0001 0.00001 }}", "100000 1e+06 0.0001 1e-05")]
    [InlineData("{{ printf \"%d %s\" \"x\" 1 }}", "%!d(string=x) %!s(int=1)")]
    [InlineData("{{ printf \"%d\" }}", "%!d(MISSING)")]
    [InlineData("{{ printf \"a\" 1 }}", "a%!(EXTRA int=1)")]
    [InlineData("{{ printf \"%05d|%-4d|%+d|%x|%X|%o|%b|%c\" 42 7 3 \"hi\" 255 8 5 65 }}", "00042|7   |+3|6869|FF|10|101|A")]
    [InlineData("{{ printf \"%e %E %.3e\" 123456.0 0.000123 1.0 }}", "1.234560e+05 1.230000E-04 1.000e+00")]
    [InlineData("{{ printf \"%t %v %s\" true .List .Labels }}", "true [a b c] map[instance:host:9090 job:node]")]
    [InlineData("{{ printf \"%6.2f|%-8s|%8s\" 3.14159 \"ab\" \"cd\" }}", "  3.14|ab      |      cd")]
    public void Printf(string text, string expected) => Assert.Equal(expected, Run(text));

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(1e21, "1e+21")]
    [InlineData(123456789.0, "1.23456789e+08")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0, "0")]
    [InlineData(1e-7, "1e-07")]
    public void Floats_PrintLikeGo(double v, string expected) =>
        Assert.Equal(expected, Run("{{ . }}", v));

    [Fact]
    public void MissingKey_Options()
    {
        var labels = new Dictionary<string, string> { ["a"] = "1" };
        var objects = new Dictionary<string, object?> { ["a"] = "1" };
        Assert.Equal("<no value>", Run("{{ .b }}", labels));
        Assert.Equal("", Run("{{ .b }}", labels, GoTemplateOptions.MissingKeyZero));
        Assert.Equal("<no value>", Run("{{ .b }}", objects, GoTemplateOptions.MissingKeyZero));
        var e = Assert.Throws<TemplateException>(() => Run("{{ .b }}", labels, new GoTemplateOptions { MissingKey = MissingKeyOption.Error }));
        Assert.Equal("template: t:1:3: executing \"t\" at <.b>: map has no entry for key \"b\"", e.Message);
    }

    [Theory]
    [InlineData("{{ foo }}", "template: t:1: function \"foo\" not defined")]
    [InlineData("{{ .a }", "template: t:1: unexpected \"}\" in operand")]
    [InlineData("{{ .a ", "template: t:1: unclosed action")]
    [InlineData("a\n{{ .a \n\n", "template: t:4: unclosed action started at t:2")]
    [InlineData("{{ if .a }}x", "template: t:1: unexpected EOF")]
    [InlineData("{{ end }}", "template: t:1: unexpected {{end}}")]
    [InlineData("{{ else }}", "template: t:1: unexpected {{else}}")]
    [InlineData("{{ $x }}", "template: t:1: undefined variable \"$x\"")]
    [InlineData("{{ }}", "template: t:1: missing value for command")]
    [InlineData("{{ if }}{{ end }}", "template: t:1: missing value for if")]
    [InlineData("{{ break }}", "template: t:1: {{break}} outside {{range}}")]
    [InlineData("{{ \"x\" | 1 }}", "template: t:1: non executable command in pipeline stage 2")]
    [InlineData("{{ \"abc }}", "template: t:1: unterminated quoted string")]
    [InlineData("{{ 3x }}", "template: t:1: bad number syntax: \"3x\"")]
    [InlineData("{{ template foo }}", "template: t:1: unexpected \"foo\" in template clause")]
    [InlineData("{{/* x }}", "template: t:1: unclosed comment")]
    [InlineData("{{ .a) }}", "template: t:1: unexpected right paren")]
    [InlineData("{{ define \"a\" }}x{{ end }}{{ define \"a\" }}y{{ end }}", "template: t:1: template: multiple definition of template \"a\"")]
    public void ParseErrors(string text, string message)
    {
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse("t", text, TemplateFunctions.Empty));
        Assert.Equal(message, e.Message);
        Assert.True(e.IsParseError);
    }

    [Theory]
    [InlineData("{{ index .List 5 }}", "template: t:1:3: executing \"t\" at <index .List 5>: error calling index: index out of range: 5")]
    [InlineData("{{ template \"nope\" . }}", "template: t:1:12: executing \"t\" at <{{template \"nope\" .}...>: template \"nope\" not defined")]
    [InlineData("{{ .Labels.job.x }}", "template: t:1:10: executing \"t\" at <.Labels.job.x>: can't evaluate field x in type string")]
    [InlineData("{{ .Int.x }}", "template: t:1:7: executing \"t\" at <.Int.x>: can't evaluate field x in type int")]
    [InlineData("{{ eq .Value 1 }}", "template: t:1:3: executing \"t\" at <eq .Value 1>: error calling eq: incompatible types for comparison")]
    [InlineData("{{ len 3 }}", "template: t:1:3: executing \"t\" at <len 3>: error calling len: len of type int")]
    [InlineData("{{ not 1 2 }}", "template: t:1:3: executing \"t\" at <not>: wrong number of args for not: want 1 got 2")]
    [InlineData("{{ \"x\" 1 }}", "template: t:1:3: executing \"t\" at <\"x\">: can't give argument to non-function \"x\"")]
    [InlineData("{{ range .Int.x }}{{ end }}", "template: t:1:13: executing \"t\" at <.Int.x>: can't evaluate field x in type int")]
    [InlineData("{{ range true }}{{ end }}", "template: t:1:9: executing \"t\" at <{{range true}}>: range can't iterate over true")]
    [InlineData("{{ printf \"%s\" (index .Nums 10) | printf \"%s very long context here\" }}", "template: t:1:16: executing \"t\" at <index .Nums 10>: error calling index: index out of range: 10")]
    [InlineData("{{ define \"x\" }}\n{{ .Nope.Deep }}{{ end }}{{ template \"x\" 1 }}", "template: t:2:8: executing \"x\" at <.Nope.Deep>: can't evaluate field Nope in type int")]
    [InlineData("{{ index .List 1 2 3 4 5 6 7 8 9 10 11 }}", "template: t:1:3: executing \"t\" at <index .List 1 2 3 4 ...>: error calling index: index out of range: 2")]
    [InlineData("{{ nil | print }}", "template: t:1:3: executing \"t\" at <nil>: nil is not a command")]
    public void ExecErrors(string text, string message)
    {
        var e = Assert.Throws<TemplateException>(() => Run(text));
        Assert.Equal(message, e.Message);
        Assert.False(e.IsParseError);
    }

    [Fact]
    public void SharedDefinitions_AndAddDefinitions()
    {
        var defs = GoTemplate.Parse("default.tmpl", "{{ define \"title\" }}[{{ .Status | toUpper }}]{{ end }}\n{{ define \"body\" }}{{ template \"title\" . }} body{{ end }}",
            TemplateFunctions.Empty.Add("toUpper", 1, a => ((string)a[0]!).ToUpperInvariant()));
        var t = GoTemplate.Parse("", "{{ template \"body\" . }}", defs.Functions, null, defs);
        Assert.Equal("[FIRING] body", t.Execute(new Dictionary<string, string> { ["Status"] = "firing" }));

        defs.AddDefinitions("{{ define \"title\" }}<{{ .Status }}>{{ end }}");
        Assert.Equal("<firing> body", t.Execute(new Dictionary<string, string> { ["Status"] = "firing" }));
        Assert.Equal("<x>", defs.ExecuteTemplate("title", new Dictionary<string, string> { ["Status"] = "x" }));
    }

    [Fact]
    public void ParseOnce_ExecuteConcurrently()
    {
        var t = GoTemplate.Parse("t", "{{ range $k, $v := . }}{{ $k }}={{ $v | printf \"%03d\" }} {{ end }}", TemplateFunctions.Empty);
        Parallel.For(0, 200, i =>
        {
            var data = new Dictionary<string, object?> { ["a"] = (long)i, ["b"] = (long)(i + 1) };
            Assert.Equal($"a={i:D3} b={i + 1:D3} ", t.Execute(data));
        });
    }

    [Fact]
    public void DeepNesting_FailsCleanly()
    {
        var parens = new string('(', 5000) + "1" + new string(')', 5000);
        Assert.Equal("template: t:1: max expression depth exceeded", Assert.Throws<TemplateException>(() => Run("{{ " + parens + " }}")).Message);
        var recursive = Assert.Throws<TemplateException>(() => Run("{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}"));
        Assert.EndsWith("exceeded maximum template depth (1000)", recursive.Message, StringComparison.Ordinal);
        Assert.Equal("1", Run("{{ " + new string('(', 100) + "1" + new string(')', 100) + " }}"));
    }

    [Fact]
    public void PredeclaredVariables()
    {
        var t = GoTemplate.Parse("t", "{{ $v }}-{{ . }}", TemplateFunctions.Empty, new GoTemplateOptions { Variables = ["$v"] });
        Assert.Equal("1-2", t.Execute(2L, new Dictionary<string, object?> { ["$v"] = 1L }));
    }

    [Fact]
    public void CustomFunction_ErrorsAreWrapped()
    {
        var fns = TemplateFunctions.Empty.Add("boom", 0, _ => throw new InvalidOperationException("bad thing"));
        var e = Assert.Throws<TemplateException>(() => Run("{{ boom }}", functions: fns));
        Assert.Equal("template: t:1:3: executing \"t\" at <boom>: error calling boom: bad thing", e.Message);
    }

    [Fact]
    public void Times_And_Durations_PrintLikeGo()
    {
        var t = new DateTime(2015, 6, 23, 13, 19, 44, 128, DateTimeKind.Utc);
        Assert.Equal("2015-06-23 13:19:44.128 +0000 UTC", Run("{{ . }}", t));
        Assert.Equal("1h0m0s 1.5s 1.5ms 0s 26h3m4s -2m0.5s", Run("{{ index . 0 }} {{ index . 1 }} {{ index . 2 }} {{ index . 3 }} {{ index . 4 }} {{ index . 5 }}",
            new List<object?> { TimeSpan.FromHours(1), TimeSpan.FromSeconds(1.5), TimeSpan.FromMilliseconds(1.5), TimeSpan.Zero, new TimeSpan(1, 2, 3, 4), -TimeSpan.FromSeconds(120.5) }));
    }
}
