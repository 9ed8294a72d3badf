using Tsdb.Config;

namespace Tsdb.Alerting.Rules;

/// <summary>All problems found in a set of rule files; a reload with any of them is rejected as a whole.</summary>
public static class RuleFileException
{
    public static ConfigException From(IReadOnlyList<RuleFileError> errors)
    {
        var first = errors[0];
        var message = string.Join("\n", errors.Select(e => e.ToString()));
        return new ConfigException(message, new InvalidDataException(first.ToString()));
    }
}
