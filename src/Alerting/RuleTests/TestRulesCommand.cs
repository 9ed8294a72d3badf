using Tsdb.Config;

namespace Tsdb.Alerting.RuleTests;

/// <summary>
/// <c>tsdb test rules FILE...</c>: promtool's rule unit tests (docs/configuration/unit_testing_rules.md),
/// printing as promtool does (<c>Unit Testing:  FILE</c>, <c>  SUCCESS</c> or <c>  FAILED:</c> with the
/// failures on stderr). Exit code 0 when every test passes, 1 otherwise.
/// </summary>
public static class TestRulesCommand
{
    public static int Run(string[] files, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var failed = false;
        foreach (var f in files)
        {
            stdout.WriteLine($"Unit Testing:  {f}");
            var errs = RunFile(f, stderr).GetAwaiter().GetResult();
            if (errs.Count > 0)
            {
                failed = true;
                stderr.WriteLine("  FAILED:");
                foreach (var e in errs)
                {
                    stderr.WriteLine(e);
                    stdout.WriteLine();
                }
            }
            else
            {
                stdout.WriteLine("  SUCCESS");
            }

            stdout.WriteLine();
        }

        return failed ? 1 : 0;
    }

    private static async Task<List<string>> RunFile(string path, TextWriter stderr)
    {
        RuleTestFile file;
        try
        {
            file = RuleTestFile.Parse(await File.ReadAllTextAsync(path).ConfigureAwait(false));
        }
        catch (ConfigException e)
        {
            return [e.Message];
        }
        catch (IOException e)
        {
            return [e.Message];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in file.GroupEvalOrder)
        {
            if (!seen.Add(g))
            {
                return [$"group name repeated in evaluation order: {g}"];
            }
        }

        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var ruleFiles = new List<string>();
        foreach (var pattern in file.RuleFiles)
        {
            var matches = Rules.RuleFileGlobs.Resolve([pattern], baseDir);
            if (matches.Count == 0)
            {
                stderr.WriteLine($"  WARNING: no file match pattern {pattern}");
            }

            ruleFiles.AddRange(matches);
        }

        var errs = new List<string>();
        foreach (var tg in file.Tests)
        {
            errs.AddRange(await RuleTestRunner.RunAsync(file, tg, ruleFiles).ConfigureAwait(false));
        }

        return errs;
    }
}
