using Microsoft.Extensions.Configuration;

namespace FitnessDriver.ServiceDefaults;

/// <summary>Where a process keeps its local state: <c>FD_DATA_DIR</c>, else <c>./.fd-data</c>.</summary>
public static class DataDirectory
{
    /// <summary>The absolute data directory, created if missing.</summary>
    public static string Resolve(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration["FD_DATA_DIR"] ?? configuration["DataDirectory"];
        var path = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? ".fd-data" : configured);
        Directory.CreateDirectory(path);
        return path;
    }
}
