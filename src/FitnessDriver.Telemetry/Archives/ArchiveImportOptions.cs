namespace FitnessDriver.Telemetry.Archives;

/// <summary>Settings of archive imports (configuration section <c>Imports</c>).</summary>
public sealed class ArchiveImportOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Imports";

    /// <summary>Largest archive accepted, in MiB.</summary>
    public int MaxArchiveMegabytes { get; set; } = 4096;

    /// <summary>
    /// How long a replica holds a running job without renewing (it renews after every file): after a crash, another
    /// replica, or the restarted one, continues the job this long after the last file.
    /// </summary>
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>Largest archive accepted, in bytes.</summary>
    public long MaxArchiveBytes => MaxArchiveMegabytes * 1024L * 1024;
}
