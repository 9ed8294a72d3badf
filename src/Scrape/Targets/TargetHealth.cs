namespace Tsdb.Scrape.Targets;

/// <summary>A target's health as <c>/api/v1/targets</c> reports it ("up", "down", "unknown").</summary>
public enum TargetHealth : byte
{
    Unknown,
    Up,
    Down,
}
