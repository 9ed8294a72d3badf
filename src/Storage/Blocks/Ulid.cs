using System.Security.Cryptography;

namespace Tsdb.Storage.Blocks;

/// <summary>
/// A ULID (github.com/ulid/spec, as oklog/ulid used by Prometheus): 48-bit big-endian Unix
/// milliseconds followed by 80 random bits, printed as 26 Crockford base32 characters. Values
/// sort by creation time, so block directory names sort roughly by age.
/// </summary>
public readonly struct Ulid : IEquatable<Ulid>, IComparable<Ulid>
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static readonly sbyte[] Decode = BuildDecodeTable();

    private readonly UInt128 _value;

    private Ulid(UInt128 value) => _value = value;

    /// <summary>Milliseconds since the Unix epoch at creation.</summary>
    public long Time => (long)(ulong)(_value >> 80);

    public static Ulid New() => New(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    public static Ulid New(long unixMs)
    {
        if ((ulong)unixMs >= 1UL << 48)
        {
            throw new ArgumentOutOfRangeException(nameof(unixMs), "ULID time must fit in 48 bits");
        }

        Span<byte> r = stackalloc byte[10];
        RandomNumberGenerator.Fill(r);
        UInt128 v = (ulong)unixMs;
        foreach (var b in r)
        {
            v = (v << 8) | b;
        }

        return new Ulid(v);
    }

    /// <summary>Builds a ULID from its 128-bit value (tests and tools).</summary>
    public static Ulid FromValue(UInt128 value) => new(value);

    public static bool TryParse(ReadOnlySpan<char> s, out Ulid ulid)
    {
        ulid = default;
        if (s.Length != 26)
        {
            return false;
        }

        UInt128 v = 0;
        for (var i = 0; i < 26; i++)
        {
            var c = s[i];
            var d = c < 128 ? Decode[c] : -1;
            if (d < 0 || (i == 0 && d > 7))
            {
                return false;
            }

            v = (v << 5) | (uint)d;
        }

        ulid = new Ulid(v);
        return true;
    }

    public static Ulid Parse(string s) =>
        TryParse(s, out var u) ? u : throw new FormatException($"invalid ULID \"{s}\"");

    public override string ToString()
    {
        Span<char> chars = stackalloc char[26];
        for (var i = 0; i < 26; i++)
        {
            chars[i] = Alphabet[(int)(uint)((_value >> (125 - 5 * i)) & 31)];
        }

        return new string(chars);
    }

    public bool Equals(Ulid other) => _value == other._value;

    public override bool Equals(object? obj) => obj is Ulid u && Equals(u);

    public override int GetHashCode() => _value.GetHashCode();

    public int CompareTo(Ulid other) => _value.CompareTo(other._value);

    public static bool operator ==(Ulid a, Ulid b) => a.Equals(b);

    public static bool operator !=(Ulid a, Ulid b) => !a.Equals(b);

    public static bool operator <(Ulid a, Ulid b) => a._value < b._value;

    public static bool operator >(Ulid a, Ulid b) => a._value > b._value;

    public static bool operator <=(Ulid a, Ulid b) => a._value <= b._value;

    public static bool operator >=(Ulid a, Ulid b) => a._value >= b._value;

    private static sbyte[] BuildDecodeTable()
    {
        var t = new sbyte[128];
        Array.Fill(t, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            t[Alphabet[i]] = (sbyte)i;
            t[char.ToLowerInvariant(Alphabet[i])] = (sbyte)i;
        }

        return t;
    }
}
