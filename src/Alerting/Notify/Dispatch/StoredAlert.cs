using System.Text;
using Tsdb.Storage;

namespace Tsdb.Alerting.Notify;

/// <summary>
/// An alert as the notification side keeps it (Alertmanager's types.Alert). Immutable: an update
/// replaces the object, so "has this alert changed since the flush" is a reference comparison.
/// </summary>
internal sealed record StoredAlert(Labels Labels, Labels Annotations, DateTime StartsAt, DateTime EndsAt, string GeneratorUrl, DateTime UpdatedAt, bool Timeout)
{
    public ulong Fingerprint { get; } = FingerprintOf(Labels);

    /// <summary>Resolved once endsAt is set and not after <paramref name="now"/> (types.Alert.ResolvedAt).</summary>
    public bool ResolvedAt(DateTime now) => EndsAt != default && EndsAt <= now;

    /// <summary>
    /// Alertmanager's Alert.Merge: the younger update wins, the earliest start is kept, and a
    /// later explicit end time is not shortened by a timeout-derived one.
    /// </summary>
    public StoredAlert Merge(StoredAlert o)
    {
        if (o.UpdatedAt < UpdatedAt)
        {
            return o.Merge(this);
        }

        var res = o;
        if (StartsAt < o.StartsAt)
        {
            res = res with { StartsAt = StartsAt };
        }

        if (o.ResolvedAt(o.UpdatedAt))
        {
            if (ResolvedAt(o.UpdatedAt) && EndsAt > o.EndsAt)
            {
                res = res with { EndsAt = EndsAt };
            }
        }
        else if (EndsAt > o.EndsAt && !Timeout)
        {
            res = res with { EndsAt = EndsAt };
        }

        return res;
    }

    /// <summary>model.LabelSet.Fingerprint: FNV-1a 64 over sorted name, 0xff, value, 0xff.</summary>
    public static ulong FingerprintOf(Labels labels)
    {
        const ulong offset = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        var h = offset;
        foreach (var l in labels)
        {
            foreach (var b in Encoding.UTF8.GetBytes(l.Name))
            {
                h = (h ^ b) * prime;
            }

            h = (h ^ 0xff) * prime;
            foreach (var b in Encoding.UTF8.GetBytes(l.Value))
            {
                h = (h ^ b) * prime;
            }

            h = (h ^ 0xff) * prime;
        }

        return h;
    }

    public static string FingerprintString(ulong fp) => fp.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
