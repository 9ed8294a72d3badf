namespace Tsdb.Config;

/// <summary>
/// A configuration file that cannot be used, with where and why. The message reads like
/// Prometheus's (<c>line 12: field foo not found in type scrape_config</c>); <see cref="ToString"/>
/// adds the file so `tsdb check config` and reload errors name it.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string message, int line = 0, string? file = null)
        : base(line > 0 ? $"line {line}: {message}" : message)
    {
        Line = line;
        File = file;
        Reason = message;
    }

    public ConfigException()
    {
        Reason = "";
    }

    public ConfigException(string message)
        : this(message, 0)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>1-based line of the offending node, 0 when not known.</summary>
    public int Line { get; }

    public string? File { get; }

    /// <summary>The reason without the line prefix.</summary>
    public string Reason { get; }

    /// <summary>The same error attributed to <paramref name="file"/>.</summary>
    public ConfigException InFile(string file) => new(Reason, Line, file);

    /// <summary>"FILE: line N: reason", the form printed by check commands and reload errors.</summary>
    public string Describe() => File is null ? Message : $"{File}: {Message}";
}
