namespace Tsdb.Scrape.Loop;

/// <summary>A metric family's metadata as last exposed, with the raw bytes kept so an unchanged line costs a comparison, not a string.</summary>
internal sealed class MetadataState(string family)
{
    public string Family { get; } = family;

    public byte[] TypeBytes { get; set; } = [];

    public byte[] HelpBytes { get; set; } = [];

    public byte[] UnitBytes { get; set; } = [];

    public string Type { get; set; } = "unknown";

    public string Help { get; set; } = "";

    public string Unit { get; set; } = "";

    public long Iteration { get; set; }
}
