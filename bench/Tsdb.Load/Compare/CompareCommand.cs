namespace Tsdb.Load.Compare;

/// <summary><c>Tsdb.Load compare DIR</c>: the table over every run directory bench/compare.sh wrote under DIR.</summary>
internal static class CompareCommand
{
    public static int Run(string root, TextWriter output, TextWriter errors)
    {
        if (!Directory.Exists(root))
        {
            errors.WriteLine($"error: {root} is not a directory");
            return 2;
        }

        var runs = new List<RunMeasurement>();
        foreach (var dir in Directory.EnumerateFiles(root, RunMeasurement.MeasureFile, SearchOption.AllDirectories).Select(Path.GetDirectoryName).OfType<string>().Order(StringComparer.Ordinal))
        {
            var run = RunMeasurement.Load(dir, out var problem);
            if (run is null)
            {
                errors.WriteLine("skipped " + problem);
                continue;
            }

            runs.Add(run);
        }

        if (runs.Count == 0)
        {
            errors.WriteLine($"error: no runs under {root}");
            return 1;
        }

        ComparisonTable.Write(output, runs);
        return 0;
    }
}
