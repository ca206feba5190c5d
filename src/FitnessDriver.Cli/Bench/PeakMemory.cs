namespace FitnessDriver.Cli.Bench;

/// <summary>The process's peak resident set size (Linux VmHWM), which can be reset between phases of a benchmark.</summary>
internal static class PeakMemory
{
    /// <summary>Starts a new peak measurement; false where the kernel does not allow it (the peak then covers the whole run).</summary>
    public static bool Reset()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        try
        {
            // Writing 5 to clear_refs resets the peak RSS to the current RSS (Linux 4.0+).
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Peak resident set size in bytes since the last reset.</summary>
    public static long Bytes()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
        }

        return Environment.WorkingSet;
    }
}
