namespace Tsdb.Storage.Wal;

/// <summary>
/// A sample record entry (Prometheus record.RefSample). <see cref="V"/> is stored as raw bits, so any
/// NaN payload (the staleness marker included) survives; compare values by bits, not with ==.
/// </summary>
internal readonly record struct RefSample(ulong Ref, long T, double V);
