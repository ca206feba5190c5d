using System.Security.Cryptography;
using System.Text;
using FitnessDriver.Hosting;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.Postgres.Local;

/// <summary>
/// Where the server's files live. Normally in <c>{cluster folder}/data</c>. As root the server runs as the
/// <c>postgres</c> user, which cannot enter a data folder under, say, <c>/root</c> (0700 on Debian and in containers);
/// then the files live in a folder of their own under <see cref="LocalPostgresOptions.RelocationDirectory"/>, named
/// after the cluster folder and owned by <c>postgres</c>. The cluster folder records that place in
/// <see cref="LocationFile"/>, so later starts and <see cref="LocalPostgresCluster.RemoveAsync"/> find it.
/// </summary>
internal static class ClusterLocation
{
    /// <summary>The file in the cluster folder that names the relocated server folder.</summary>
    public const string LocationFile = "server-location";

    /// <summary>The file in a relocated folder that names the cluster folder it belongs to.</summary>
    private const string OwnerFile = "owner";

    /// <summary>The server's data folder, deciding (and preparing) it on first use.</summary>
    public static async Task<string> ResolveAsync(LocalPostgresOptions options, string? runAsUser, CommandRunner runner, ILogger logger, CancellationToken cancellationToken)
    {
        var root = options.Directory;
        var inPlace = Path.Combine(root, "data");
        if (Recorded(root) is { } recorded)
            return recorded;
        if (runAsUser is null || OperatingSystem.IsWindows() || File.Exists(Path.Combine(inPlace, "PG_VERSION")))
            return inPlace;

        // The cluster folder and the data directory above it are ours to open for traversal; what is above them is not.
        var above = Path.GetDirectoryName(Path.GetDirectoryName(root)) ?? "/";
        if ((await runner.RunAsync("test", ["-x", above], TimeSpan.FromSeconds(10), cancellationToken)).Succeeded)
        {
            AllowTraversal(Path.GetDirectoryName(root)!, runAsUser, logger);
            AllowTraversal(root, runAsUser, logger);
            return inPlace;
        }

        var folder = Path.Combine(options.RelocationDirectory, FolderName(root));
        Directory.CreateDirectory(options.RelocationDirectory);
        AllowTraversal(options.RelocationDirectory, runAsUser, logger);
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(Path.Combine(folder, OwnerFile), root, cancellationToken);
        var chown = await new CommandRunner(null, "/").RunAsync("chown", ["-R", $"{runAsUser}:{runAsUser}", folder], TimeSpan.FromSeconds(30), cancellationToken);
        if (!chown.Succeeded)
            throw new StartupException($"Could not give {folder} to the '{runAsUser}' user for PostgreSQL's files: {chown.Output}");
        var server = Path.Combine(folder, "data");
        await File.WriteAllTextAsync(Path.Combine(root, LocationFile), server, cancellationToken);
        logger.LogWarning("PostgreSQL runs as the '{User}' user, which cannot reach {Directory}; its files are kept in {Server} instead (the host's remove-data command removes them too)",
            runAsUser, root, folder);
        return server;
    }

    /// <summary>The relocated server folder recorded for <paramref name="root"/>, or null when the files live in place.</summary>
    /// <exception cref="StartupException">The record points at a folder that belongs to another cluster folder.</exception>
    public static string? Recorded(string root)
    {
        var record = Path.Combine(root, LocationFile);
        if (!File.Exists(record))
            return null;
        var server = File.ReadAllText(record).Trim();
        var owner = Path.Combine(Path.GetDirectoryName(server)!, OwnerFile);
        if (File.Exists(owner) && File.ReadAllText(owner).Trim() != root)
        {
            throw new StartupException($"{record} names {server}, which belongs to {File.ReadAllText(owner).Trim()}; " +
                $"a copied data directory cannot share its database. Delete {record} to start a new one.");
        }

        return server;
    }

    /// <summary>Deletes the relocated folder recorded for <paramref name="root"/>; returns it, or null when there was none.</summary>
    public static string? Remove(string root)
    {
        if (Recorded(root) is not { } server)
            return null;
        var folder = Path.GetDirectoryName(server)!;
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        return folder;
    }

    // Readable and unique: the last folders of the path, then a hash of all of it.
    private static string FolderName(string root)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..12];
        var readable = string.Concat(string.Join('-', root.Split('/', StringSplitOptions.RemoveEmptyEntries).TakeLast(3))
            .Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-'));
        return $"{readable.Trim('-')}-{hash}";
    }

    /// <summary>
    /// Lets the server's user pass through a folder of ours (execute only, no listing): mkdtemp and a umask such as
    /// 077 create folders only their owner can enter.
    /// </summary>
    private static void AllowTraversal(string directory, string user, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
            return;
        var mode = File.GetUnixFileMode(directory);
        if (mode.HasFlag(UnixFileMode.OtherExecute))
            return;
        File.SetUnixFileMode(directory, mode | UnixFileMode.OtherExecute);
        logger.LogInformation("Made {Directory} traversable so PostgreSQL, running as '{User}', can reach its data", directory, user);
    }
}
