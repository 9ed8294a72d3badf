namespace Tsdb.Alerting;

// The Alerting layer; its code arrives with its issue.
internal static class Layer
{
}
