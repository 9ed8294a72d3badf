using Tsdb.Api.Config;
using Tsdb.Config;

namespace Tsdb.Api.Commands;

/// <summary>
/// `tsdb check config FILE...`: loads each prometheus.yml exactly as the server would (every
/// section, the rule files it names) and reports like `promtool check config`; exit 0 when all are
/// valid, 1 otherwise.
/// </summary>
public static class CheckConfigCommand
{
    public static int Run(IReadOnlyList<string> files, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (files.Count == 0)
        {
            stderr.WriteLine("tsdb: error: required argument 'config-files' not provided, try --help");
            return 2;
        }

        var failed = false;
        foreach (var file in files)
        {
            stdout.WriteLine("Checking " + file);
            try
            {
                var cfg = TsdbConfig.LoadFile(file);
                var ruleFiles = ConfigValidation.Validate(cfg);
                stdout.WriteLine($" SUCCESS: {file} is valid prometheus config file syntax");
                stdout.WriteLine();
                foreach (var line in ruleFiles)
                {
                    stdout.WriteLine(line);
                }
            }
            catch (ConfigException e)
            {
                stderr.WriteLine("  FAILED: " + e.Describe());
                stderr.WriteLine();
                failed = true;
            }
        }

        return failed ? 1 : 0;
    }
}
