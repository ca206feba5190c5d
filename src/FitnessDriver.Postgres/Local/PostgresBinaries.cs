using FitnessDriver.Hosting;

namespace FitnessDriver.Postgres.Local;

/// <summary>Finds the installed PostgreSQL server programs (initdb, pg_ctl, postgres).</summary>
internal static class PostgresBinaries
{
    private static readonly string[] Required = ["initdb", "pg_ctl", "postgres"];

    public static string Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasAll(configured) ? configured
                : throw new StartupException($"No PostgreSQL server programs (initdb, pg_ctl, postgres) in {configured} (Postgres:BinDirectory).");
        }

        var candidates = new List<string>();
        // Debian and Ubuntu install each major version side by side; take the newest.
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Directory: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Directory, "bin")));
        }

        candidates.AddRange(["/usr/pgsql/bin", "/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin", "/usr/bin"]);
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(HasAll) ?? throw new StartupException(
            "PostgreSQL server programs (initdb, pg_ctl, postgres) were not found. Install PostgreSQL " +
            "(for example: apt-get install postgresql), set Postgres:BinDirectory to their folder, " +
            "or point ConnectionStrings:Postgres at a running server.");
    }

    /// <summary>The library folder of the same installation, where extensions such as TimescaleDB live.</summary>
    public static string LibraryDirectory(string binDirectory) => Path.GetFullPath(Path.Combine(binDirectory, "..", "lib"));

    private static bool HasAll(string directory) => Required.All(name => File.Exists(Path.Combine(directory, name)));
}
