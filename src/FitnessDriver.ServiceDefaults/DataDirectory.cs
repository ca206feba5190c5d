using FitnessDriver.Hosting;
using Microsoft.Extensions.Configuration;

namespace FitnessDriver.ServiceDefaults;

/// <summary>Where a process keeps its local state: <c>FD_DATA_DIR</c>, else <c>./.fd-data</c>.</summary>
public static class DataDirectory
{
    /// <summary>The absolute path of the data directory, whether or not it exists.</summary>
    public static string PathOf(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration["FD_DATA_DIR"] ?? configuration["DataDirectory"];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? ".fd-data" : configured);
    }

    /// <summary>The absolute data directory, created if missing.</summary>
    /// <exception cref="StartupException">The folder cannot be created or written.</exception>
    public static string Resolve(IConfiguration configuration)
    {
        var path = PathOf(configuration);
        try
        {
            Directory.CreateDirectory(path);
            // Creating a folder that exists proves nothing: make sure files can be written in it.
            var probe = Path.Combine(path, $".write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"The data directory {path} (FD_DATA_DIR) cannot be used: {e.Message} Choose a folder this user can write.", e);
        }

        return path;
    }
}
