namespace Tsdb.Scrape.Relabel;

/// <summary>The relabel actions of Prometheus's model/relabel (YAML spelling is the lower-case name).</summary>
public enum RelabelAction : byte
{
    Replace,
    Keep,
    Drop,
    KeepEqual,
    DropEqual,
    HashMod,
    LabelMap,
    LabelDrop,
    LabelKeep,
    Lowercase,
    Uppercase,
}
