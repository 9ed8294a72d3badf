namespace Tsdb.Scrape;

// The Scrape layer; its code arrives with its issue.
internal static class Layer
{
}
