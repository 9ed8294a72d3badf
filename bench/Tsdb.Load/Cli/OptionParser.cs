using System.Globalization;
using Tsdb.Load.Workload;

namespace Tsdb.Load.Cli;

/// <summary>Parses <c>[push|query] --name value ... --flag</c>; unknown options are errors, not ignored.</summary>
internal static class OptionParser
{
    private static readonly HashSet<string> Flags = ["--queries", "--nocache"];

    private static readonly HashSet<string> Valued =
    [
        "--url", "--query-url", "--series", "--samples", "--instances", "--interval", "--shape", "--samples-per-request",
        "--samples-per-entry", "--senders", "--seed", "--end", "--runs", "--max-seconds", "--request-timeout", "--label", "--json",
    ];

    public static LoadOptions Parse(string[] args)
    {
        var command = LoadCommand.Push;
        var start = 0;
        if (args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            command = args[0] switch
            {
                "push" => LoadCommand.Push,
                "query" => LoadCommand.Query,
                _ => throw new UsageException($"unknown command '{args[0]}'"),
            };
            start = 1;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = start; i < args.Length; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[..eq] : arg;
            if (Flags.Contains(name) && eq < 0)
            {
                values[name] = "true";
            }
            else if (Valued.Contains(name))
            {
                if (eq > 0)
                {
                    values[name] = arg[(eq + 1)..];
                }
                else if (i + 1 < args.Length)
                {
                    values[name] = args[++i];
                }
                else
                {
                    throw new UsageException($"{name} needs a value");
                }
            }
            else
            {
                throw new UsageException($"unknown option '{arg}'");
            }
        }

        var interval = Int(values, "--interval", 15, 1, 3600);
        var shape = Get(values, "--shape", "per-sample") switch
        {
            "per-sample" => RequestShape.PerSample,
            "per-series" => RequestShape.PerSeries,
            var other => throw new UsageException($"--shape: '{other}' is neither per-sample nor per-series"),
        };
        // Default end: the last whole interval, so timestamps end near now but a rerun with --end repeats exactly.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var end = values.TryGetValue("--end", out var endText) ? Long("--end", endText) : now - now % interval;
        var spec = new WorkloadSpec(
            Series: Int(values, "--series", 10_000, 1, 50_000_000),
            SamplesPerSeries: Int(values, "--samples", 720, 1, 1_000_000),
            Instances: Int(values, "--instances", 100, 1, 10_000_000),
            IntervalSeconds: interval,
            Shape: shape,
            SamplesPerRequest: Int(values, "--samples-per-request", 2000, 1, 1_000_000),
            SamplesPerEntry: Int(values, "--samples-per-entry", 60, 1, 1_000_000),
            Senders: Int(values, "--senders", 4, 1, 256),
            Seed: (ulong)Long("--seed", Get(values, "--seed", "1")),
            EndUnixSeconds: end);

        var writeUrl = LoopbackUrl.Parse("--url", Get(values, "--url", "http://127.0.0.1:9090/api/v1/write"));
        var queryUrl = values.TryGetValue("--query-url", out var q)
            ? LoopbackUrl.Parse("--query-url", q)
            : new Uri(writeUrl.GetLeftPart(UriPartial.Authority));
        // A trailing slash keeps a prefix such as VictoriaMetrics' /prometheus when api/v1/... is appended.
        queryUrl = queryUrl.AbsoluteUri.EndsWith('/') ? queryUrl : new Uri(queryUrl.AbsoluteUri + "/");
        return new LoadOptions(
            command,
            spec,
            writeUrl,
            queryUrl,
            RunQueries: command == LoadCommand.Query || values.ContainsKey("--queries"),
            Runs: Int(values, "--runs", 5, 1, 1000),
            MaxSeconds: Int(values, "--max-seconds", 600, 1, 86_400),
            RequestTimeoutSeconds: Int(values, "--request-timeout", 60, 1, 3600),
            NoCache: values.ContainsKey("--nocache"),
            Label: Get(values, "--label", queryUrl.Authority),
            JsonFile: values.GetValueOrDefault("--json"));
    }

    private static string Get(Dictionary<string, string> values, string name, string fallback) =>
        values.TryGetValue(name, out var value) ? value : fallback;

    private static int Int(Dictionary<string, string> values, string name, int fallback, int min, int max)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"{name}: '{text}' is not an integer in [{min}, {max}]");
        }

        return value;
    }

    private static long Long(string name, string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new UsageException($"{name}: '{text}' is not a non-negative integer");
}
