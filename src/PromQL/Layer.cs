namespace Tsdb.PromQL;

// The PromQL layer; its code arrives with its issue.
internal static class Layer
{
}
