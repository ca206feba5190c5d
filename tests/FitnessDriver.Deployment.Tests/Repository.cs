namespace FitnessDriver.Deployment.Tests;

/// <summary>Files of the repository the tests run from.</summary>
internal static class Repository
{
    /// <summary>The repository root: the folder with FitnessDriver.slnx above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A path relative to the root with forward slashes, as the deployment files and messages name it.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "FitnessDriver.slnx")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"No FitnessDriver.slnx above {AppContext.BaseDirectory}.");
    }
}
