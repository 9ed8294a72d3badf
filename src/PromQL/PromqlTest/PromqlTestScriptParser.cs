using System.Text.RegularExpressions;

namespace Tsdb.PromQL.PromqlTest;

/// <summary>
/// Parses the promqltest script language (Prometheus promql/promqltest/test.go). Lines are trimmed; a line
/// starting with <c>#</c> counts as blank, and a blank line ends a <c>load</c> or <c>eval</c> block.
/// Anything not in the language is a <see cref="PromqlTestParseException"/> with file and line; nothing is
/// skipped silently. Queries are not parsed here (the engine reports their errors when they run).
/// </summary>
public static partial class PromqlTestScriptParser
{
    private const string RangeVectorPrefix = "expect range vector";
    private const string ExpectStringPrefix = "expect string";

    [GeneratedRegex(@"^load(?:_(with_nhcb))?\s+(.+?)$", RegexOptions.CultureInvariant)]
    private static partial Regex LoadPattern();

    [GeneratedRegex(@"^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex EvalInstantPattern();

    [GeneratedRegex(@"^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex EvalRangePattern();

    [GeneratedRegex(@"^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ExpectPattern();

    [GeneratedRegex(@"^expect range vector\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ExpectRangePattern();

    [GeneratedRegex(@"[\t ]+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    public static PromqlTestScript ParseFile(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>Parses a whole script; <paramref name="file"/> names it in errors and results.</summary>
    public static PromqlTestScript Parse(string text, string file = "<script>")
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var l = lines[i].Trim();
            lines[i] = l.StartsWith('#') ? "" : l;
        }

        var commands = new List<ScriptCommand>();
        for (var i = 0; i < lines.Length; i++)
        {
            var l = lines[i];
            if (l.Length == 0)
            {
                continue;
            }

            var word = Spaces().Split(l, 2)[0].ToLowerInvariant();
            if (word == "clear")
            {
                if (l.Length != "clear".Length)
                {
                    throw Error(file, i, $"unexpected text after clear: \"{l}\"");
                }

                commands.Add(new ClearCommand(i + 1));
            }
            else if (word.StartsWith("load", StringComparison.Ordinal))
            {
                commands.Add(ParseLoad(file, lines, ref i));
            }
            else if (word.StartsWith("eval", StringComparison.Ordinal))
            {
                commands.Add(ParseEval(file, lines, ref i));
            }
            else
            {
                throw Error(file, i, $"invalid command \"{l}\"");
            }
        }

        return new PromqlTestScript(file, commands);
    }

    private static PromqlTestParseException Error(string file, int index, string reason, Exception? inner = null)
        => new(file, index + 1, reason, inner);

    private static LoadCommand ParseLoad(string file, string[] lines, ref int i)
    {
        var m = LoadPattern().Match(lines[i]);
        if (!m.Success)
        {
            throw Error(file, i, "invalid load command. (load[_with_nhcb] <step:duration>)");
        }

        if (!PromDuration.TryParse(m.Groups[2].Value, out var interval, out var durationError))
        {
            throw Error(file, i, $"invalid step definition \"{m.Groups[2].Value}\": {durationError}");
        }

        var header = i;
        var series = new List<SeriesDescription>();
        var byLabels = new Dictionary<Tsdb.Storage.Labels, int>();
        while (i + 1 < lines.Length && lines[i + 1].Length != 0)
        {
            i++;
            var s = ParseSeries(file, lines, i);
            if (byLabels.TryGetValue(s.Metric, out var index))
            {
                series[index] = s;
            }
            else
            {
                byLabels[s.Metric] = series.Count;
                series.Add(s);
            }
        }

        return new LoadCommand(header + 1, interval, m.Groups[1].Success, series);
    }

    private static SeriesDescription ParseSeries(string file, string[] lines, int i)
    {
        try
        {
            return SeriesDescriptionParser.Parse(lines[i], i + 1);
        }
        catch (FormatException e)
        {
            throw Error(file, i, $"invalid series line \"{lines[i]}\": {e.Message}", e);
        }
    }

    private static EvalCommand ParseEval(string file, string[] lines, ref int i)
    {
        var header = lines[i];
        var headerIndex = i;
        var instant = EvalInstantPattern().Match(header);
        var range = instant.Success ? Match.Empty : EvalRangePattern().Match(header);
        if (!instant.Success && !range.Success)
        {
            throw Error(file, i, "invalid evaluation command. Must be either 'eval[_fail|_warn|_info|_ordered] instant [at <offset:duration>] <query>' or 'eval[_fail|_warn|_info] range from <from> to <to> step <step> <query>'");
        }

        var isRange = !instant.Success;
        var modifier = isRange ? range.Groups[1].Value : instant.Groups[1].Value;
        var query = isRange ? range.Groups[5].Value : instant.Groups[3].Value;
        long evalTime, start, end, step;
        if (isRange)
        {
            (start, end, step) = ParseRange(file, i, range.Groups[2].Value, range.Groups[3].Value, range.Groups[4].Value);
            evalTime = end;
        }
        else
        {
            var at = instant.Groups[2].Value;
            if (!PromDuration.TryParse(at, out evalTime, out var error))
            {
                throw Error(file, i, $"invalid timestamp definition \"{at}\": {error}");
            }

            start = evalTime;
            end = long.MinValue;
            step = 0;
        }

        var legacyFail = modifier == "fail";
        var expectations = new List<Expectation>();
        var expected = new List<SeriesDescription>();
        var expectedPositions = new List<int>();
        var positions = new Dictionary<Tsdb.Storage.Labels, int>();
        double? scalar = null;
        string? expectedString = null;
        string? failMessage = null;
        Regex? failRegex = null;
        var rangeVector = false;
        var exclude = false;
        // test.go's position counter: every line of the block counts except `expect <type>` lines.
        var position = 1;

        while (i + 1 < lines.Length && lines[i + 1].Length != 0)
        {
            i++;
            var line = lines[i];

            if (legacyFail && line.StartsWith("expected_fail_message", StringComparison.Ordinal))
            {
                failMessage = line["expected_fail_message".Length..].Trim();
                break;
            }

            if (legacyFail && line.StartsWith("expected_fail_regexp", StringComparison.Ordinal))
            {
                failRegex = CompileRegex(file, i, line["expected_fail_regexp".Length..].Trim(), "expected_fail_regexp");
                break;
            }

            if (line.StartsWith(RangeVectorPrefix, StringComparison.Ordinal))
            {
                var rm = ExpectRangePattern().Match(line);
                if (!rm.Success)
                {
                    throw Error(file, i, $"invalid range vector definition \"{line}\"");
                }

                (start, end, step) = ParseRange(file, i, rm.Groups[1].Value, rm.Groups[2].Value, rm.Groups[3].Value);
                evalTime = end;
                rangeVector = true;
                exclude = true;
                position++;
                continue;
            }

            if (line.StartsWith(ExpectStringPrefix, StringComparison.Ordinal))
            {
                expectedString = ParseExpectString(file, i, line);
                exclude = true;
                position++;
                continue;
            }

            if (line.Split(' ')[0] == "expect")
            {
                var e = ParseExpect(file, i, line);
                expectations.Add(e);
                Validate(file, i, expectations);
                continue;
            }

            if (GoNumber.TryParse(line, out var number))
            {
                if (expected.Count > 0)
                {
                    throw Error(file, i, "a scalar result line cannot follow expected series");
                }

                // As in test.go, a scalar line ends the block.
                scalar = number;
                break;
            }

            var series = ParseSeries(file, lines, i);
            if (series.Values.Count > 1 && !isRange && !rangeVector)
            {
                throw Error(file, i, "expecting multiple values in instant evaluation not allowed. consider using 'expect range vector' directive to enable a range vector result for an instant query");
            }

            if (positions.TryGetValue(series.Metric, out var existing))
            {
                expected[existing] = series;
                expectedPositions[existing] = position;
            }
            else
            {
                positions[series.Metric] = expected.Count;
                expected.Add(series);
                expectedPositions.Add(position);
            }

            position++;
        }

        var ranked = new List<ExpectedSeries>(expected.Count);
        for (var k = 0; k < expected.Count; k++)
        {
            ranked.Add(new ExpectedSeries(expected[k], expectedPositions[k]));
        }

        return new EvalCommand(headerIndex + 1)
        {
            Header = header,
            Query = query,
            IsRange = isRange,
            EvalTime = evalTime,
            Start = start,
            End = end,
            Step = step,
            ExpectRangeVector = rangeVector,
            LegacyFail = legacyFail,
            LegacyWarn = modifier == "warn",
            LegacyInfo = modifier == "info",
            LegacyOrdered = modifier == "ordered",
            ExpectedFailMessage = failMessage,
            ExpectedFailRegex = failRegex,
            Expectations = expectations,
            ExpectedSeries = ranked,
            ExpectedScalar = scalar,
            ExpectedString = expectedString,
            ExcludeFromRangeQuery = exclude,
        };
    }
}
