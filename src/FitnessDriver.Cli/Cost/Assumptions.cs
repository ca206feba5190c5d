using System.Text.Json;

namespace FitnessDriver.Cli.Cost;

/// <summary>
/// How athletes use the platform and how it is run: what <c>fd cost</c> cannot measure on one machine. Every value has a
/// default (see docs/operations.md, "Cost per user-year"); a JSON file (<c>--assumptions</c>) or options override them.
/// </summary>
internal sealed record Assumptions
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    /// <summary>Hours an active athlete records per week.</summary>
    public double RecordedHoursPerWeek { get; init; } = 4;

    /// <summary>Samples per second of recording.</summary>
    public double SampleRateHz { get; init; } = 1;

    /// <summary>Share of users active in a month; the others cost storage only.</summary>
    public double MonthlyActiveShare { get; init; } = 0.30;

    /// <summary>Hours a day an active athlete has the app open, its notification WebSocket with it.</summary>
    public double AppHoursPerDay { get; init; } = 1;

    /// <summary>Achievements (XP per kilometre, level-ups, badges) pushed per recorded hour.</summary>
    public double NotificationsPerRecordedHour { get; init; } = 20;

    /// <summary>Samples read back at full resolution per sample recorded (each recording viewed once in full).</summary>
    public double SamplesReadPerSampleRecorded { get; init; } = 1;

    /// <summary>Years of history the database holds per user, on average.</summary>
    public double HistoryYears { get; init; } = 2;

    /// <summary>Average CPU and memory use of what is provisioned: the rest is headroom for peaks and failover.</summary>
    public double Utilisation { get; init; } = 0.5;

    /// <summary>Copies of the database on block storage (a primary and a standby).</summary>
    public double DatabaseCopies { get; init; } = 2;

    /// <summary>Bytes of object storage (backups, exports, archives) per byte of the database.</summary>
    public double ObjectBytesPerDatabaseByte { get; init; } = 1;

    /// <summary>Days the samples topic keeps its records.</summary>
    public double LogRetentionDays { get; init; } = 7;

    /// <summary>Replicas of each partition of the log.</summary>
    public double LogReplicas { get; init; } = 3;

    public Prices Prices { get; init; } = new();

    /// <summary>The defaults, with what <paramref name="path"/> sets instead.</summary>
    public static Assumptions Load(string path)
    {
        Assumptions assumptions;
        try
        {
            assumptions = JsonSerializer.Deserialize<Assumptions>(File.ReadAllText(path), Json) ?? new Assumptions();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} does not hold fd cost assumptions: {e.Message}", e);
        }

        if (assumptions.Invalid() is { } problem)
            throw new InvalidDataException($"{path}: {problem}");
        return assumptions;
    }

    private string? Invalid()
    {
        double[] all = [RecordedHoursPerWeek, SampleRateHz, MonthlyActiveShare, AppHoursPerDay, NotificationsPerRecordedHour, SamplesReadPerSampleRecorded, HistoryYears,
            Utilisation, DatabaseCopies, ObjectBytesPerDatabaseByte, LogRetentionDays, LogReplicas, Prices.VcpuHour, Prices.MemoryGbHour, Prices.BlockGbMonth,
            Prices.ObjectGbMonth, Prices.LogGbMonth, Prices.EgressGb, Prices.FixedPerMonth];
        if (all.Any(v => !(v >= 0 && double.IsFinite(v))))
            return "every assumption must be a number of zero or more.";
        if (MonthlyActiveShare > 1)
            return "monthlyActiveShare must be between 0 and 1.";
        return Utilisation is > 0 and <= 1 ? null : "utilisation must be above 0 and at most 1.";
    }
}

/// <summary>Prices in US dollars: public cloud list prices by default (see docs/operations.md).</summary>
internal sealed record Prices
{
    /// <summary>A vCPU for an hour (AWS Fargate, Linux/x86, us-east-1).</summary>
    public double VcpuHour { get; init; } = 0.04048;

    /// <summary>A GiB of memory for an hour (AWS Fargate, us-east-1).</summary>
    public double MemoryGbHour { get; init; } = 0.004445;

    /// <summary>A GiB of block storage for a month (AWS EBS gp3, us-east-1).</summary>
    public double BlockGbMonth { get; init; } = 0.08;

    /// <summary>A GiB of object storage for a month (AWS S3 Standard, first 50 TB, us-east-1).</summary>
    public double ObjectGbMonth { get; init; } = 0.023;

    /// <summary>A GiB of Kafka log for a month (Amazon MSK broker storage, us-east-1).</summary>
    public double LogGbMonth { get; init; } = 0.10;

    /// <summary>A GiB sent to the internet (AWS data transfer out, first 10 TB a month).</summary>
    public double EgressGb { get; init; } = 0.09;

    /// <summary>The smallest highly available cluster, per month, whatever the number of users.</summary>
    public double FixedPerMonth { get; init; } = 620;
}
