using FsCheck;
using FsCheck.Xunit;
using Tsdb.Config;
using Tsdb.Scrape.Relabel;
using Tsdb.Storage;

namespace Tsdb.Scrape.Tests.Relabel;

public class RelabelerTests
{
    private static Labels L(params string[] nv) => Labels.FromStrings(nv);

    private static RelabelConfig Parse(string yaml) => RelabelConfig.Read(YamlConfig.Load(yaml, "relabel.Config"));

    // Each row: input labels, relabel configs (YAML), expected labels or null when dropped. Cases
    // follow the behaviours exercised by Prometheus's relabel_test.go, written as our own table.
    public static TheoryData<string, string[], string[], string?> Cases => new()
    {
        { "replace with ${1} twice", ["a", "foo", "b", "bar", "c", "baz"], ["{source_labels: [a], regex: 'f(.*)', target_label: d, replacement: 'ch${1}-ch${1}'}"], "{a=\"foo\", b=\"bar\", c=\"baz\", d=\"choo-choo\"}" },
        { "multi-source joined by separator", ["a", "foo", "b", "bar", "c", "baz"], ["{source_labels: [a, b], regex: 'f(.*);(.*)r', target_label: a, replacement: 'b${1}${2}m'}"], "{a=\"boobam\", b=\"bar\", c=\"baz\"}" },
        { "custom separator", ["a", "foo", "b", "bar"], ["{source_labels: [a, b], separator: '-', target_label: j}"], "{a=\"foo\", b=\"bar\", j=\"foo-bar\"}" },
        { "chained rules see earlier results", ["a", "foo", "b", "bar", "c", "baz"], ["{source_labels: [a], regex: 'f(.*)', target_label: d, replacement: 'ch$1-ch$1'}", "{source_labels: [d], regex: '(.*)-(.*)', target_label: e, replacement: '$2+$1'}"], "{a=\"foo\", b=\"bar\", c=\"baz\", d=\"choo-choo\", e=\"choo+choo\"}" },
        { "drop on match", ["a", "foo"], ["{source_labels: [a], regex: '.*o.*', action: drop}"], null },
        { "drop without match keeps", ["a", "foo", "b", "bar"], ["{source_labels: [a], regex: 'f(.*)', action: drop}", "{source_labels: [b], regex: 'x', action: drop}"], null },
        { "drop is anchored", ["a", "foo"], ["{source_labels: [a], regex: 'o', action: drop}"], "{a=\"foo\"}" },
        { "keep without match drops", ["a", "foo"], ["{source_labels: [a], regex: 'no-match', action: keep}"], null },
        { "keep with match", ["a", "foo"], ["{source_labels: [a], regex: 'f.*', action: keep}"], "{a=\"foo\"}" },
        { "keep is case sensitive and anchored", ["a", "Foo"], ["{source_labels: [a], regex: 'f.*', action: KEEP}"], null },
        { "replace without match changes nothing", ["a", "boo"], ["{source_labels: [a], regex: 'f', target_label: b, replacement: bar}"], "{a=\"boo\"}" },
        { "fast path: missing source sets literal", ["a", "foo"], ["{source_labels: [nope], target_label: d, replacement: static}"], "{a=\"foo\", d=\"static\"}" },
        { "default replace of missing source is a no-op", ["a", "foo"], ["{source_labels: [nope], target_label: d}"], "{a=\"foo\"}" },
        { "empty result deletes the target", ["a", "foo", "d", "old"], ["{source_labels: [a], regex: 'foo', target_label: d, replacement: ''}"], "{a=\"foo\"}" },
        { "$1x names group 1x, which is empty", ["a", "foo", "d", "old"], ["{source_labels: [a], regex: '(f)oo', target_label: d, replacement: '$1x'}"], "{a=\"foo\"}" },
        { "${1}x", ["a", "foo"], ["{source_labels: [a], regex: '(f)oo', target_label: d, replacement: '${1}x'}"], "{a=\"foo\", d=\"fx\"}" },
        { "$$ is a literal dollar", ["a", "foo"], ["{source_labels: [a], target_label: d, replacement: '$$1'}"], "{a=\"foo\", d=\"$1\"}" },
        { "named groups, RE2 syntax", ["a", "some-name-value"], ["{source_labels: [a], regex: 'some-(?P<n>[^-]+)-(?P<v>.+)', target_label: '${n}', replacement: '${v}'}"], "{a=\"some-name-value\", name=\"value\"}" },
        { "target label from groups", ["a", "some-name-value"], ["{source_labels: [a], regex: 'some-([^-]+)-([^,]+)', target_label: '${1}', replacement: '${2}'}"], "{a=\"some-name-value\", name=\"value\"}" },
        { "empty expanded target is ignored", ["a", "some-name-value"], ["{source_labels: [a], regex: 'some-([^-]+)-([^,]+)', target_label: '${3}', replacement: '${2}'}"], "{a=\"some-name-value\"}" },
        { "UTF-8 target names are valid in Prometheus 3", ["a", "some-1.name-value"], ["{source_labels: [a], regex: 'some-([^-]+)-([^,]+)', target_label: '${1}', replacement: '${2}'}"], "{1.name=\"value\", a=\"some-1.name-value\"}" },
        { "out-of-range group expands empty", ["a", "foo"], ["{source_labels: [a], regex: '(f)(o)o', target_label: d, replacement: 'x${3}y'}"], "{a=\"foo\", d=\"xy\"}" },
        { "dot matches newline (?s)", ["a", "foo\nbar"], ["{source_labels: [a], regex: 'foo.bar', action: keep}"], "{a=\"foo\\nbar\"}" },
        { "hashmod", ["a", "foo", "b", "bar", "c", "baz"], ["{source_labels: [c], target_label: d, modulus: 1000, action: hashmod}"], "{a=\"foo\", b=\"bar\", c=\"baz\", d=\"976\"}" },
        { "hashmod of empty", ["a", "foo"], ["{source_labels: [x], target_label: d, modulus: 1000, action: hashmod}"], "{a=\"foo\", d=\"958\"}" },
        { "labelmap", ["a", "foo", "b1", "bar", "b2", "baz"], ["{regex: '(b.*)', replacement: 'bar_${1}', action: labelmap}"], "{a=\"foo\", b1=\"bar\", b2=\"baz\", bar_b1=\"bar\", bar_b2=\"baz\"}" },
        { "labelmap of meta labels", ["__meta_my_bar", "aaa", "__meta_my_baz", "bbb", "__meta_other", "ccc"], ["{regex: '__meta_(my.*)', replacement: '${1}', action: labelmap}"], "{__meta_my_bar=\"aaa\", __meta_my_baz=\"bbb\", __meta_other=\"ccc\", my_bar=\"aaa\", my_baz=\"bbb\"}" },
        { "labelmap default replacement", ["__meta_x", "1"], ["{regex: '__meta_(.*)', action: labelmap}"], "{__meta_x=\"1\", x=\"1\"}" },
        { "labeldrop", ["a", "foo", "b1", "bar", "b2", "baz"], ["{regex: 'b.*', action: labeldrop}"], "{a=\"foo\"}" },
        { "labelkeep", ["a", "foo", "b1", "bar", "b2", "baz"], ["{regex: 'b.*', action: labelkeep}"], "{b1=\"bar\", b2=\"baz\"}" },
        { "labeldrop anchored", ["aa", "1", "a", "2"], ["{regex: 'a', action: labeldrop}"], "{aa=\"1\"}" },
        { "lowercase", ["foo", "BAR123bAZ"], ["{source_labels: [foo], target_label: foo_lower, action: lowercase}"], "{foo=\"BAR123bAZ\", foo_lower=\"bar123baz\"}" },
        { "uppercase", ["foo", "BAR123bAZ"], ["{source_labels: [foo], target_label: foo_upper, action: uppercase}"], "{foo=\"BAR123bAZ\", foo_upper=\"BAR123BAZ\"}" },
        { "keepequal equal", ["a", "foo", "b", "foo"], ["{source_labels: [a], target_label: b, action: keepequal}"], "{a=\"foo\", b=\"foo\"}" },
        { "keepequal different", ["a", "foo", "b", "bar"], ["{source_labels: [a], target_label: b, action: keepequal}"], null },
        { "dropequal equal", ["a", "foo", "b", "foo"], ["{source_labels: [a], target_label: b, action: dropequal}"], null },
        { "dropequal different", ["a", "foo", "b", "bar"], ["{source_labels: [a], target_label: b, action: dropequal}"], "{a=\"foo\", b=\"bar\"}" },
        { "keep on joined values of missing labels", ["a", "foo"], ["{source_labels: [x, y], regex: ';', action: keep}"], "{a=\"foo\"}" },
        { "set __address__ then keep", ["__address__", "h:1"], ["{source_labels: [__address__], regex: '(.*):1', target_label: __address__, replacement: '$1:9100'}"], "{__address__=\"h:9100\"}" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Process_MatchesPrometheus(string name, string[] input, string[] configs, string? expected)
    {
        var keep = Relabeler.Process(L(input), configs.Select(Parse).ToList(), out var result);
        if (expected is null)
        {
            Assert.False(keep, name);
            Assert.Equal(Labels.Empty, result);
        }
        else
        {
            Assert.True(keep, name);
            Assert.Equal(expected, result.ToString());
        }
    }

    [Theory]
    [InlineData("{action: replace, target_label: '1bad'}")]
    [InlineData("{action: replace, target_label: 'a-$1'}")]
    [InlineData("{action: uppercase, target_label: 'a.b'}")]
    [InlineData("{action: labelmap, replacement: '1x'}")]
    public void Read_AcceptsUtf8LabelNames(string yaml) => Assert.Null(Parse(yaml).Validate());

    [Fact]
    public void Defaults_AreThoseOfPrometheus()
    {
        var c = Parse("{target_label: x}");
        Assert.Equal(";", c.Separator);
        Assert.Equal("(.*)", c.Regex.Pattern);
        Assert.Equal("$1", c.Replacement);
        Assert.Equal(RelabelAction.Replace, c.Action);
        Assert.Null(c.SourceLabels);
        Assert.Equal(Parse("{target_label: x}"), c);
        Assert.NotEqual(Parse("{target_label: y}"), c);
    }

    public static TheoryData<string, string> InvalidConfigs => new()
    {
        { "{action: replace}", "relabel configuration for replace action requires 'target_label' value" },
        { "{action: lowercase}", "relabel configuration for lowercase action requires 'target_label' value" },
        { "{action: hashmod, target_label: x}", "relabel configuration for hashmod requires non-zero modulus" },
        { "{action: lowercase, target_label: a, replacement: x}", "'replacement' can not be set for lowercase action" },
        { "{action: keepequal, target_label: a, regex: 'x'}", "keepequal action requires only 'source_labels' and `target_label`, and no other fields" },
        { "{action: labeldrop, source_labels: [a]}", "labeldrop action requires only 'regex', and no other fields" },
        { "{action: labelkeep, target_label: a}", "labelkeep action requires only 'regex', and no other fields" },
        { "{action: explode}", "unknown relabel action \"explode\"" },
        { "{regex: '(', target_label: a}", "error parsing regexp" },
        { "{target_label: a, bogus: 1}", "field bogus not found in type relabel.Config" },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public void Read_RejectsInvalid(string yaml, string message)
    {
        var e = Assert.Throws<ConfigException>(() => Parse("\n" + yaml));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("line 2:", e.Message, StringComparison.Ordinal);
    }

    [Property]
    public bool HashMod_IsBelowModulus(NonEmptyString value, PositiveInt modulus) =>
        Relabeler.HashMod(value.Get, (ulong)modulus.Get) < (ulong)modulus.Get;

    [Property]
    public bool EmptyConfigList_KeepsLabelsUnchanged(NonEmptyString v)
    {
        var l = L("a", v.Get);
        return Relabeler.Process(l, [], out var r) && r.Equals(l);
    }

    [Property]
    public bool LabelDropThenLabelKeep_OfSameRegex_LeavesNothing(NonEmptyString v)
    {
        var configs = new[] { Parse("{regex: 'a.*', action: labeldrop}"), Parse("{regex: 'a.*', action: labelkeep}") };
        return Relabeler.Process(L("ab", v.Get, "b", v.Get), configs, out var r) && r.Count == 0;
    }
}
