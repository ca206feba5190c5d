using System.Diagnostics;
using System.Globalization;
using FitnessDriver.Postgres.Local;
using Microsoft.Extensions.Logging.Abstractions;

namespace FitnessDriver.Cli.Cost;

/// <summary>CPU time used so far: by this process (the host and the load it is given) and by PostgreSQL.</summary>
internal readonly record struct CpuTime(TimeSpan Process, TimeSpan Postgres)
{
    public TimeSpan Total => Process + Postgres;

    public static CpuTime operator -(CpuTime later, CpuTime earlier) => new(later.Process - earlier.Process, later.Postgres - earlier.Postgres);

    public static CpuTime operator +(CpuTime left, CpuTime right) => new(left.Process + right.Process, left.Postgres + right.Postgres);
}

/// <summary>
/// Reads the CPU time of this process and of a bench host's private PostgreSQL: its postmaster and every child, with
/// the children that ended counted in the postmaster's own total of waited-for children (Linux <c>/proc</c>).
/// </summary>
internal sealed class CpuMeter
{
    // /proc/<pid>/stat counts in USER_HZ, which Linux fixes at 100 for user space.
    private const double TicksPerSecond = 100;
    private readonly int? postmaster;

    private CpuMeter(int? postmaster) => this.postmaster = postmaster;

    /// <summary>False where /proc or the server's pid could not be read: PostgreSQL's CPU is then left out.</summary>
    public bool SeesPostgres => postmaster is not null;

    public static async Task<CpuMeter> ForBenchHostAsync(string dataDirectory)
    {
        await using var cluster = LocalPostgresCluster.Attach(new LocalPostgresOptions { Directory = Path.Combine(dataDirectory, "postgres") }, NullLogger.Instance);
        var pidFile = Path.Combine(cluster.ServerDirectory, "postmaster.pid");
        int? pid = int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), CultureInfo.InvariantCulture, out var p) ? p : null;
        return new CpuMeter(pid is { } known && Ticks(known) is not null ? pid : null);
    }

    public CpuTime Read()
    {
        using var self = Process.GetCurrentProcess();
        return new CpuTime(self.TotalProcessorTime, postmaster is { } pid ? TimeSpan.FromSeconds(PostgresTicks(pid) / TicksPerSecond) : TimeSpan.Zero);
    }

    private static long PostgresTicks(int postmaster)
    {
        var ticks = 0L;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid) && pid != postmaster && Ticks(pid) is { ParentId: var parent, Total: var total }
                && parent == postmaster)
                ticks += total;
        }

        return ticks + (Ticks(postmaster)?.Total ?? 0);
    }

    /// <summary>The parent and the user + system time of a process and of its waited-for children, or null once it is gone.</summary>
    private static (int ParentId, long Total)? Ticks(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // pid (comm) state ppid … utime stime cutime cstime: the name may hold spaces, so fields count from its closing parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1], CultureInfo.InvariantCulture), fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture)));
    }
}
