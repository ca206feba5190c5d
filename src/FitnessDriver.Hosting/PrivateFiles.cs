using System.Runtime.InteropServices;

namespace FitnessDriver.Hosting;

/// <summary>
/// Makes every file and folder the process creates from now on its owner's only (umask 077): the event log, keys,
/// tokens and certificates in the data directory hold personal and secret data.
/// </summary>
public static partial class PrivateFiles
{
    private const uint OthersAndGroup = 0b000_111_111;

    /// <summary>Applies the mask (no-op on Windows, where ACLs of the data directory decide).</summary>
    public static void Apply()
    {
        if (!OperatingSystem.IsWindows())
            _ = Umask(OthersAndGroup);
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint Umask(uint mask);
}
