namespace Tsdb.Api.Host;

/// <summary>
/// --log.level: tsdb logs logfmt lines where a <c>level=</c> key (debug, info, warn, error) is
/// optional and info by default; lines below the configured level are dropped.
/// </summary>
internal static class LevelFilteredLog
{
    public static Action<string> Create(string minLevel, Action<string> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var min = Rank(minLevel);
        return line =>
        {
            if (Rank(LevelOf(line)) >= min)
            {
                sink(line.Contains("level=", StringComparison.Ordinal) ? line : "level=info " + line);
            }
        };
    }

    internal static string LevelOf(string line)
    {
        var i = line.IndexOf("level=", StringComparison.Ordinal);
        if (i < 0)
        {
            return "info";
        }

        var end = line.IndexOf(' ', i);
        return end < 0 ? line[(i + 6)..] : line[(i + 6)..end];
    }

    private static int Rank(string level) => level switch
    {
        "debug" => 0,
        "warn" => 2,
        "error" => 3,
        _ => 1,
    };
}
