using FitnessDriver.Cli.Cost;

namespace FitnessDriver.Cli.Tests;

/// <summary>The arithmetic of <c>fd cost</c>: measured costs per unit of work and assumptions → cost per user-year.</summary>
public sealed class CostModelTests
{
    private const double Tolerance = 1e-12;

    /// <summary>Every user active, 7 hours a week: 365 recorded hours, 1,314,000 samples a user-year.</summary>
    internal static readonly Assumptions Simple = new()
    {
        RecordedHoursPerWeek = 7, SampleRateHz = 1, MonthlyActiveShare = 1, AppHoursPerDay = 1, NotificationsPerRecordedHour = 10,
        SamplesReadPerSampleRecorded = 1, HistoryYears = 1, Utilisation = 0.5, DatabaseCopies = 2, ObjectBytesPerDatabaseByte = 1,
        LogRetentionDays = 36.5, LogReplicas = 3,
        Prices = new Prices { VcpuHour = 0.036, MemoryGbHour = 0.01, BlockGbMonth = 0.1, ObjectGbMonth = 0.05, LogGbMonth = 0.2, EgressGb = 0.1, FixedPerMonth = 1000 },
    };

    internal static readonly MeasuredInputs Measured = new()
    {
        Source = "by hand",
        CpuSecondsPerSampleIngested = 1e-5,
        StoredBytesPerSample = 100,
        CompressedBytesPerSample = 40,
        LogBytesPerSample = 50,
        CpuSecondsPerSampleRead = 1e-6,
        BytesPerSampleRead = 64,
        CpuSecondsPerNotification = 1e-3,
        CpuSecondsPerWebSocketHour = 0.1,
        MemoryBytesPerWebSocket = 1 << 20,
    };

    [Fact]
    public void A_user_year_is_the_usage_profile_over_a_year()
    {
        var work = CostModel.Work(Simple with { MonthlyActiveShare = 0.5 });

        Assert.Equal(0.5 * 365 * 3600, work.SamplesRecorded, Tolerance);
        Assert.Equal(work.SamplesRecorded, work.SamplesRead, Tolerance);
        Assert.Equal(0.5 * 365 * 10, work.Notifications, Tolerance);
        Assert.Equal(0.5 * 365, work.WebSocketHours, Tolerance);
    }

    [Fact]
    public void Each_part_prices_what_a_user_year_asks_for()
    {
        var cost = CostModel.PerUserYear(Measured, Simple, users: 1000);

        const double samples = 1_314_000;
        // CPU-seconds: ingest 13.14 + reads 1.314 + 3,650 notifications 3.65 + 365 WebSocket-hours 36.5; 365 hours of 1 MiB; at 50 % utilisation.
        Assert.Equal((54.604 / 3600 * 0.036 + 365.0 / 1024 * 0.01) / 0.5, cost.Compute, Tolerance);
        // The compressed 40 bytes a sample, one year held, 12 months on two block copies and one object copy.
        Assert.Equal(samples * 40 / CostModel.BytesPerGb * 12 * (2 * 0.1 + 0.05), cost.Storage, Tolerance);
        // A tenth of a year's samples on the log, 50 bytes each, three replicas.
        Assert.Equal(samples / 10 * 50 * 3 / CostModel.BytesPerGb * 12 * 0.2, cost.Log, Tolerance);
        Assert.Equal(samples * 64 / CostModel.BytesPerGb * 0.1, cost.Egress, Tolerance);
        Assert.Equal(1000 * 12 / 1000.0, cost.Fixed, Tolerance);
        Assert.Equal(cost.Compute + cost.Storage + cost.Log + cost.Egress + cost.Fixed, cost.Total, Tolerance);
    }

    [Fact]
    public void Without_compression_the_bytes_stored_are_priced()
    {
        var compressed = CostModel.PerUserYear(Measured, Simple, users: 1000);
        var plain = CostModel.PerUserYear(Measured with { CompressedBytesPerSample = null }, Simple, users: 1000);

        Assert.Equal(compressed.Storage * 100 / 40, plain.Storage, Tolerance);
    }

    [Fact]
    public void Fixed_costs_amortise_so_a_user_costs_less_as_users_grow()
    {
        var curve = CostReport.Users.Select(users => CostModel.PerUserYear(Measured, Simple, users)).ToList();

        Assert.All(curve.Zip(curve.Skip(1)), pair => Assert.True(pair.Second.Total < pair.First.Total));
        Assert.All(curve, c => Assert.Equal(1000 * 12, c.Fixed * c.Users, 1e-6));
        Assert.Single(curve.Select(c => c.Compute + c.Storage + c.Log + c.Egress).Distinct());
    }
}
