using System.Text.RegularExpressions;

namespace Tsdb.PromQL.PromqlTest;

/// <summary>The parts of <see cref="PromqlTestScriptParser"/> that read eval sub-lines: expect lines, ranges, strings.</summary>
public static partial class PromqlTestScriptParser
{
    /// <summary>Regexes in scripts are Go RE2 syntax; the common subset behaves the same in .NET.</summary>
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(2);

    private static (long Start, long End, long Step) ParseRange(string file, int i, string from, string to, string step)
    {
        if (!PromDuration.TryParse(from, out var start, out var error))
        {
            throw Error(file, i, $"invalid start timestamp definition \"{from}\": {error}");
        }

        if (!PromDuration.TryParse(to, out var end, out error))
        {
            throw Error(file, i, $"invalid end timestamp definition \"{to}\": {error}");
        }

        if (end < start)
        {
            throw Error(file, i, $"invalid test definition, end timestamp ({to}) is before start timestamp ({from})");
        }

        if (!PromDuration.TryParse(step, out var stepMs, out error))
        {
            throw Error(file, i, $"invalid step definition \"{step}\": {error}");
        }

        return (start, end, stepMs);
    }

    private static Expectation ParseExpect(string file, int i, string line)
    {
        var m = ExpectPattern().Match(line.Trim());
        if (!m.Success)
        {
            throw Error(file, i, "invalid expect statement, must match `expect <type> <match_type>: <string>` format");
        }

        var kind = m.Groups[1].Value switch
        {
            "ordered" => ExpectationKind.Ordered,
            "fail" => ExpectationKind.Fail,
            "warn" => ExpectationKind.Warn,
            "no_warn" => ExpectationKind.NoWarn,
            "info" => ExpectationKind.Info,
            _ => ExpectationKind.NoInfo,
        };
        if (!m.Groups[2].Success)
        {
            return new Expectation(kind, null, null, i + 1);
        }

        var text = m.Groups[3].Value.Trim();
        return m.Groups[2].Value == "msg"
            ? new Expectation(kind, text, null, i + 1)
            : new Expectation(kind, null, CompileRegex(file, i, text, m.Groups[1].Value), i + 1);
    }

    private static void Validate(string file, int i, List<Expectation> expectations)
    {
        int fail = 0, warn = 0, noWarn = 0, info = 0, noInfo = 0;
        foreach (var e in expectations)
        {
            switch (e.Kind)
            {
                case ExpectationKind.Fail: fail++; break;
                case ExpectationKind.Warn: warn++; break;
                case ExpectationKind.NoWarn: noWarn++; break;
                case ExpectationKind.Info: info++; break;
                case ExpectationKind.NoInfo: noInfo++; break;
            }
        }

        if (info > 0 && noInfo > 0)
        {
            throw Error(file, i, "invalid expect lines, info and no_info cannot be used together");
        }

        if (warn > 0 && noWarn > 0)
        {
            throw Error(file, i, "invalid expect lines, warn and no_warn cannot be used together");
        }

        if (fail > 1)
        {
            throw Error(file, i, "invalid expect lines, multiple expect fail lines are not allowed");
        }
    }

    private static string ParseExpectString(string file, int i, string line)
    {
        if (line == ExpectStringPrefix || !line.StartsWith(ExpectStringPrefix + " ", StringComparison.Ordinal))
        {
            throw Error(file, i, "expected string literal not valid - a quoted string literal is required");
        }

        var literal = line[(ExpectStringPrefix.Length + 1)..];
        if (!QuotedString.TryUnquote(literal, out var value, out _))
        {
            throw Error(file, i, "expected string literal not valid - check that the string is correctly quoted");
        }

        return value;
    }

    private static Regex CompileRegex(string file, int i, string pattern, string what)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException e)
        {
            throw Error(file, i, $"invalid regex {pattern} for {what}: {e.Message}", e);
        }
    }
}
