using System.Text.RegularExpressions;

namespace Tsdb.PromQL.Tests.Parser;

/// <summary>The <c>eval</c> queries of the conformance scripts in <c>shared/promql-tests</c>.</summary>
internal static partial class TestScripts
{
    /// <summary>The scripts folder, found by walking up from the test assembly; null if it is missing.</summary>
    public static string? Folder { get; } = Find();

    /// <summary>Every eval query: file, line, query text and whether its case expects a failure.</summary>
    public static IReadOnlyList<(string File, int Line, string Query, bool ExpectFail)> Queries { get; } = Load();

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "promql-tests");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static List<(string, int, string, bool)> Load()
    {
        var result = new List<(string, int, string, bool)>();
        if (Folder is null)
        {
            return result;
        }

        foreach (var file in Directory.GetFiles(Folder, "*.test").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var m = EvalLine().Match(lines[i]);
                if (!m.Success)
                {
                    continue;
                }

                var expectFail = m.Groups["kind"].Value == "_fail";
                for (var j = i + 1; j < lines.Length && lines[j].Length > 0 && char.IsWhiteSpace(lines[j][0]); j++)
                {
                    if (lines[j].TrimStart().StartsWith("expect fail", StringComparison.Ordinal))
                    {
                        expectFail = true;
                    }
                }

                result.Add((Path.GetFileName(file), i + 1, m.Groups["query"].Value.Trim(), expectFail));
            }
        }

        return result;
    }

    [GeneratedRegex(@"^eval(?<kind>_\w+)?\s+(?:instant\s+at\s+\S+|range\s+from\s+\S+\s+to\s+\S+\s+step\s+\S+)\s+(?<query>.+)$")]
    private static partial Regex EvalLine();
}
