using System.Globalization;
using Microsoft.Extensions.Primitives;
using Tsdb.PromQL.Parser;
using Tsdb.Storage;

namespace Tsdb.Api.Http;

/// <summary>Request parameters from the URL query and, for POST, the urlencoded form (api.go parse* helpers).</summary>
public sealed class ApiParams
{
    /// <summary>Prometheus's MinTime/MaxTime in ms (api.go minTime/maxTime, clamped to ms range).</summary>
    public const long MinTime = -9223372036854775L;

    public const long MaxTime = 9223372036854775L;

    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    private ApiParams()
    {
    }

    public static async Task<ApiParams> ReadAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var p = new ApiParams();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            foreach (var kv in form)
            {
                p.Add(kv.Key, kv.Value);
            }
        }

        foreach (var kv in request.Query)
        {
            p.Add(kv.Key, kv.Value);
        }

        return p;
    }

    private void Add(string key, StringValues values)
    {
        if (!_values.TryGetValue(key, out var list))
        {
            _values[key] = list = [];
        }

        foreach (var v in values)
        {
            list.Add(v ?? "");
        }
    }

    public string? Get(string name) => _values.TryGetValue(name, out var l) && l.Count > 0 ? l[0] : null;

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var l) ? l : [];

    /// <summary>Parses a time parameter; returns <paramref name="def"/> when absent or empty.</summary>
    public long Time(string name, long def)
    {
        var s = Get(name);
        return string.IsNullOrEmpty(s) ? def : ParseTime(name, s);
    }

    public long RequiredTime(string name) => ParseTime(name, Get(name) ?? "");

    public static long ParseTime(string name, string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && !double.IsNaN(f) && !double.IsInfinity(f))
        {
            var sec = Math.Truncate(f);
            var frac = Math.Round((f - sec) * 1000);
            var ms = (sec * 1000) + frac;
            if (ms is >= MinTime and <= MaxTime)
            {
                return (long)ms;
            }
        }

        if (DateTimeOffset.TryParseExact(s, ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto))
        {
            return dto.ToUnixTimeMilliseconds();
        }

        throw ApiException.BadData($"invalid parameter \"{name}\": cannot parse \"{s}\" to a valid timestamp");
    }

    /// <summary>Parses a duration parameter (float seconds or Prometheus duration) into ms.</summary>
    public static long ParseDuration(string name, string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var f))
        {
            var ms = f * 1000;
            if (!double.IsNaN(ms) && ms is > long.MinValue and < long.MaxValue)
            {
                return (long)Math.Round(ms);
            }

            throw ApiException.BadData($"invalid parameter \"{name}\": cannot parse \"{s}\" to a valid duration. It overflows int64");
        }

        if (PromQLParser.TryParseDuration(s, out var d))
        {
            return d;
        }

        throw ApiException.BadData($"invalid parameter \"{name}\": cannot parse \"{s}\" to a valid duration");
    }

    /// <summary>The `limit` parameter: 0 (absent) = no limit; negative or non-integer → bad_data.</summary>
    public int Limit()
    {
        var s = Get("limit");
        if (string.IsNullOrEmpty(s))
        {
            return 0;
        }

        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            throw ApiException.BadData("invalid parameter \"limit\": cannot parse \"" + s + "\" to a valid int");
        }

        return n < 0 ? throw ApiException.BadData("invalid parameter \"limit\": limit must be non-negative") : n;
    }

    /// <summary>Parses every match[] into matcher sets (api.go parseMatchersParam).</summary>
    public List<IReadOnlyList<Matcher>> Matchers()
    {
        var sets = new List<IReadOnlyList<Matcher>>();
        foreach (var s in All("match[]"))
        {
            IReadOnlyList<Matcher> ms;
            try
            {
                ms = PromQLParser.ParseMetricSelector(s);
            }
            catch (Tsdb.PromQL.PromQLException e)
            {
                throw ApiException.BadData(e.Message);
            }

            if (ms.All(m => m.MatchesEmpty))
            {
                throw ApiException.BadData("match[] must contain at least one non-empty matcher");
            }

            sets.Add(ms);
        }

        return sets;
    }
}
