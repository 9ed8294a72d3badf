namespace Tsdb.PromQL.Tests.PromqlTest;

/// <summary>Finds the shared <c>promql-tests</c> folder: a <c>shared/promql-tests</c> beside some ancestor of the test assembly.</summary>
internal static class ConformanceFiles
{
    private static readonly Lazy<string?> Folder = new(Locate);

    public static string Directory => Folder.Value
        ?? throw new InvalidOperationException($"no shared/promql-tests folder found above {AppContext.BaseDirectory}");

    public static IEnumerable<string> Paths => System.IO.Directory.GetFiles(Directory, "*.test").Order(StringComparer.Ordinal);

    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var p in Paths)
            {
                data.Add(Path.GetFileName(p));
            }

            return data;
        }
    }

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "promql-tests");
            if (System.IO.Directory.Exists(candidate) && System.IO.Directory.GetFiles(candidate, "*.test").Length > 0)
            {
                return candidate;
            }
        }

        return null;
    }
}
