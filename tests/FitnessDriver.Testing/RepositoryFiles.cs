namespace FitnessDriver.Testing;

/// <summary>Files of the repository the tests run from.</summary>
public static class RepositoryFiles
{
    /// <summary>The repository root (the folder with FitnessDriver.slnx).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The real device files: FD_TESTDATA_DIR when set, else <c>testdata/devices</c>.</summary>
    public static string DeviceFile(params string[] parts) =>
        Path.Combine([Environment.GetEnvironmentVariable("FD_TESTDATA_DIR") is { Length: > 0 } configured ? configured : Path.Combine(Root, "testdata", "devices"), .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FitnessDriver.slnx")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"No FitnessDriver.slnx above {AppContext.BaseDirectory}.");
    }
}
