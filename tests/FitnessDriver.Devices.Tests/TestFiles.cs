namespace FitnessDriver.Devices.Tests;

/// <summary>Locates the repository and the shared device files from wherever the tests run.</summary>
internal static class TestFiles
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>
    /// The shared real device files: FD_TESTDATA_DIR, else ../shared/testdata next to the repository, else the
    /// nearest shared/testdata further up (a worktree sits one level deeper than the main checkout).
    /// </summary>
    public static string SharedDir { get; } = FindSharedDir();

    public static string Shared(params string[] parts) => Path.Combine([SharedDir, .. parts]);

    public static string Repo(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    public static IEnumerable<string> SharedFiles(string folder, string extension) =>
        Directory.EnumerateFiles(Shared(folder))
            .Where(f => f.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

    private static string FindSharedDir()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("FD_TESTDATA_DIR");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        for (var dir = Directory.GetParent(RepoRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "testdata");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "testdata"));
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FitnessDriver.slnx"))
                || File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root above {AppContext.BaseDirectory}.");
    }
}
