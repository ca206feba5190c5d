namespace FitnessDriver.Devices.Tests;

/// <summary>Locates the repository and the real device files from wherever the tests run.</summary>
internal static class TestFiles
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The real device files: FD_TESTDATA_DIR when set, else <c>testdata/devices</c> in the repository.</summary>
    public static string DeviceFilesDir { get; } = Environment.GetEnvironmentVariable("FD_TESTDATA_DIR") is { Length: > 0 } configured
        ? Path.GetFullPath(configured)
        : Path.Combine(RepoRoot, "testdata", "devices");

    public static string DeviceFile(params string[] parts) => Path.Combine([DeviceFilesDir, .. parts]);

    public static string Repo(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    public static IEnumerable<string> DeviceFiles(string folder, string extension) =>
        Directory.EnumerateFiles(DeviceFile(folder))
            .Where(f => f.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

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
