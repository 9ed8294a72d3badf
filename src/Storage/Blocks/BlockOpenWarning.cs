namespace Tsdb.Storage.Blocks;

/// <summary>A block directory that could not be opened (and was skipped), with the reason.</summary>
public readonly record struct BlockOpenWarning(string Path, string Reason);
