namespace Tsdb.Alerting.Rules;

/// <summary>
/// <c>tsdb check rules FILE...</c>, printing as <c>promtool check rules</c> does:
/// <c>Checking FILE</c>, then <c>  SUCCESS: N rules found</c> or <c>  FAILED:</c> and the errors
/// (on stderr). Exit code 0 when every file is valid, 1 otherwise.
/// </summary>
public static class CheckRulesCommand
{
    public static int Run(string[] files, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var failed = false;
        foreach (var f in files)
        {
            stdout.WriteLine($"Checking {f}");
            var (file, errors) = RuleFileParser.ParseFile(f);
            if (file is not null)
            {
                stdout.WriteLine($"  SUCCESS: {file.RuleCount} rules found");
            }
            else
            {
                failed = true;
                stderr.WriteLine("  FAILED:");
                foreach (var e in errors)
                {
                    stderr.WriteLine(e.ToString());
                }
            }

            stdout.WriteLine();
        }

        return failed ? 1 : 0;
    }
}
