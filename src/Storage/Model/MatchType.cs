namespace Tsdb.Storage;

public enum MatchType : byte
{
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}
