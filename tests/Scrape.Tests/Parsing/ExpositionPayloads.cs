using System.Globalization;
using System.Text;

namespace Tsdb.Scrape.Tests.Parsing;

/// <summary>
/// node_exporter-like bodies of a given size: HELP/TYPE lines, counters and gauges with several
/// labels, and histograms. Shared with the benchmarks (linked into bench/Tsdb.Bench).
/// </summary>
internal static class ExpositionPayloads
{
    public static byte[] Text(int lines) => Encoding.UTF8.GetBytes(Build(lines, openMetrics: false));

    public static byte[] OpenMetrics(int lines) => Encoding.UTF8.GetBytes(Build(lines, openMetrics: true));

    public static string Build(int lines, bool openMetrics)
    {
        var sb = new StringBuilder(lines * 80);
        var written = 0;
        var family = 0;
        var ts = openMetrics ? " 1700000000.123" : string.Empty;
        while (written < lines)
        {
            var kind = family % 4;
            var name = kind switch
            {
                0 => $"node_cpu_seconds_{family}",
                1 => $"node_filesystem_avail_bytes_{family}",
                2 => $"node_network_receive_bytes_{family}",
                _ => $"http_request_duration_seconds_{family}",
            };
            var type = kind switch { 0 or 2 => "counter", 1 => "gauge", _ => "histogram" };
            sb.Append("# HELP ").Append(name).Append(" Help text for ").Append(name).Append(" with an escaped \\\\ backslash.\n");
            sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            written += 2;
            var counterSuffix = openMetrics && type == "counter" ? "_total" : string.Empty;
            for (var s = 0; s < 20 && written < lines; s++)
            {
                switch (kind)
                {
                    case 0:
                        sb.Append(CultureInfo.InvariantCulture, $"{name}{counterSuffix}{{cpu=\"{s}\",mode=\"idle\"}} {123456.78 + s}\n");
                        written++;
                        break;
                    case 1:
                        sb.Append(CultureInfo.InvariantCulture, $"{name}{{device=\"/dev/sda{s}\",fstype=\"ext4\",mountpoint=\"/mnt/data{s}\"}} {1.23456789e+11 * (s + 1)}\n");
                        written++;
                        break;
                    case 2:
                        sb.Append(CultureInfo.InvariantCulture, $"{name}{counterSuffix}{{device=\"eth{s}\"}} {987654321 + s}{ts}\n");
                        written++;
                        break;
                    default:
                        foreach (var le in new[] { "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf" })
                        {
                            sb.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{handler=\"/api/v{s}\",method=\"GET\",le=\"{le}\"}} {s * 10}\n");
                            written++;
                        }

                        sb.Append(CultureInfo.InvariantCulture, $"{name}_sum{{handler=\"/api/v{s}\",method=\"GET\"}} {s * 1.5}\n");
                        sb.Append(CultureInfo.InvariantCulture, $"{name}_count{{handler=\"/api/v{s}\",method=\"GET\"}} {s * 10}\n");
                        written += 2;
                        s += 4;
                        break;
                }
            }

            family++;
        }

        if (openMetrics)
        {
            sb.Append("# EOF\n");
        }

        return sb.ToString();
    }
}
