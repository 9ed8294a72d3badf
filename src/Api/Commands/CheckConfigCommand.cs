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
                if (ruleFiles.Count > 0)
                {
                    stdout.WriteLine($"  SUCCESS: {ruleFiles.Count} rule files found");
                }

                stdout.WriteLine($" SUCCESS: {file} is valid prometheus config file syntax");
                stdout.WriteLine();
                if (ruleFiles.Count > 0 && Tsdb.Alerting.Rules.CheckRulesCommand.Run([.. ruleFiles], stdout, stderr) != 0)
                {
                    failed = true;
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
