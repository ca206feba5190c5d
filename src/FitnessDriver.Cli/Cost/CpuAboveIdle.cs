using System.Diagnostics;

namespace FitnessDriver.Cli.Cost;

/// <summary>
/// The CPU time a piece of work adds to a host that is otherwise idle: what the meter reads over the work, less what
/// the host used over as long a time doing nothing (pollers, timers, PostgreSQL's background workers; the fixed cost).
/// </summary>
internal sealed class CpuAboveIdle
{
    private readonly CpuMeter meter;
    private readonly CpuTime idle;
    private readonly TimeSpan idlePeriod;

    private CpuAboveIdle(CpuMeter meter, CpuTime idle, TimeSpan idlePeriod)
    {
        this.meter = meter;
        this.idle = idle;
        this.idlePeriod = idlePeriod;
    }

    public CpuMeter Meter => meter;

    /// <summary>CPU time per second of the idle host.</summary>
    public double IdleCpuPerSecond => idle.Total.TotalSeconds / idlePeriod.TotalSeconds;

    /// <summary>Reads what the host uses while it waits for <paramref name="period"/>, the baseline of later measurements.</summary>
    public static async Task<CpuAboveIdle> CalibrateAsync(CpuMeter meter, TimeSpan period, CancellationToken cancellationToken)
    {
        var before = meter.Read();
        await Task.Delay(period, cancellationToken);
        return new CpuAboveIdle(meter, meter.Read() - before, period);
    }

    public async Task<(T Result, CpuTime Used)> MeasureAsync<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var before = meter.Read();
        var started = Stopwatch.GetTimestamp();
        var result = await work();
        var used = meter.Read() - before;
        var idleShare = Stopwatch.GetElapsedTime(started) / idlePeriod;
        return (result, new CpuTime(used.Process - idle.Process * idleShare, used.Postgres - idle.Postgres * idleShare));
    }
}
