namespace FitnessDriver.Cli.Cost;

/// <summary>What one user costs in a year, in US dollars, by what it pays for.</summary>
internal sealed record UserYearCost(long Users, double Compute, double Storage, double Log, double Egress, double Fixed)
{
    public double Total => Compute + Storage + Log + Egress + Fixed;
}

/// <summary>What one user (active or not) asks of the platform in a year, from the usage profile.</summary>
internal sealed record UserYearWork(double SamplesRecorded, double SamplesRead, double Notifications, double WebSocketHours);

/// <summary>
/// Turns measured costs per unit of work and the assumptions into the cost per user-year: what scales with use is
/// priced per unit, the fixed cluster is shared by all users.
/// </summary>
internal static class CostModel
{
    public const double BytesPerGb = 1L << 30;
    private const double DaysPerYear = 365;
    private const double WeeksPerYear = DaysPerYear / 7;
    private const double MonthsPerYear = 12;
    private const double SecondsPerHour = 3600;

    public static UserYearWork Work(Assumptions assumptions)
    {
        var recordedHours = assumptions.MonthlyActiveShare * assumptions.RecordedHoursPerWeek * WeeksPerYear;
        var samples = recordedHours * SecondsPerHour * assumptions.SampleRateHz;
        return new UserYearWork(samples, samples * assumptions.SamplesReadPerSampleRecorded, recordedHours * assumptions.NotificationsPerRecordedHour,
            assumptions.MonthlyActiveShare * assumptions.AppHoursPerDay * DaysPerYear);
    }

    public static UserYearCost PerUserYear(MeasuredInputs measured, Assumptions assumptions, long users)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(users, 1);
        var work = Work(assumptions);
        var prices = assumptions.Prices;

        var cpuSeconds = work.SamplesRecorded * measured.CpuSecondsPerSampleIngested + work.SamplesRead * measured.CpuSecondsPerSampleRead
            + work.Notifications * measured.CpuSecondsPerNotification + work.WebSocketHours * measured.CpuSecondsPerWebSocketHour;
        var memoryGbHours = work.WebSocketHours * measured.MemoryBytesPerWebSocket / BytesPerGb;
        var compute = (cpuSeconds / SecondsPerHour * prices.VcpuHour + memoryGbHours * prices.MemoryGbHour) / assumptions.Utilisation;

        var databaseGb = work.SamplesRecorded * assumptions.HistoryYears * measured.BytesPerSampleHeld / BytesPerGb;
        var storage = databaseGb * MonthsPerYear * (assumptions.DatabaseCopies * prices.BlockGbMonth + assumptions.ObjectBytesPerDatabaseByte * prices.ObjectGbMonth);

        var logGb = work.SamplesRecorded * assumptions.LogRetentionDays / DaysPerYear * measured.LogBytesPerSample * assumptions.LogReplicas / BytesPerGb;
        var log = logGb * MonthsPerYear * prices.LogGbMonth;

        var egress = work.SamplesRead * measured.BytesPerSampleRead / BytesPerGb * prices.EgressGb;
        var @fixed = prices.FixedPerMonth * MonthsPerYear / users;
        return new UserYearCost(users, compute, storage, log, egress, @fixed);
    }
}
