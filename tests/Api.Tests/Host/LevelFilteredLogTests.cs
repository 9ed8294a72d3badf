using Tsdb.Api.Host;

namespace Tsdb.Api.Tests.Host;

public class LevelFilteredLogTests
{
    [Theory]
    [InlineData("debug", 4)]
    [InlineData("info", 3)]
    [InlineData("warn", 2)]
    [InlineData("error", 1)]
    public void DropsLinesBelowTheLevel(string level, int kept)
    {
        var lines = new List<string>();
        var log = LevelFilteredLog.Create(level, lines.Add);
        log("level=debug msg=a");
        log("msg=\"b\"");
        log("level=warn msg=c");
        log("level=error msg=d");
        Assert.Equal(kept, lines.Count);
        if (level is "debug" or "info")
        {
            Assert.Contains("level=info msg=\"b\"", lines);
        }
    }
}
