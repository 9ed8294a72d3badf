namespace Tsdb.Scrape.Parsing;

/// <summary>Which metadata comment line was read for a metric family.</summary>
public enum MetadataField
{
    /// <summary><c># TYPE name type</c>: the value is the type word as written (counter, gauge, histogram, ...).</summary>
    Type,

    /// <summary><c># HELP name text</c>: the value is the help text with escapes already resolved.</summary>
    Help,

    /// <summary><c># UNIT name unit</c> (OpenMetrics only).</summary>
    Unit,
}
