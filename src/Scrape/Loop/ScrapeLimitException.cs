namespace Tsdb.Scrape.Loop;

/// <summary>A scrape exceeded one of its limits (sample, label, label length, body size): the whole scrape fails.</summary>
internal sealed class ScrapeLimitException : Exception
{
    public ScrapeLimitException(string message)
        : base(message)
    {
    }

    public ScrapeLimitException()
    {
    }

    public ScrapeLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
