using FitnessDriver.Contracts.Api;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>Summaries compared by value, the device list included.</summary>
internal sealed class SummaryComparer : IEqualityComparer<ActivitySummary>
{
    public static SummaryComparer Instance { get; } = new();

    public bool Equals(ActivitySummary? x, ActivitySummary? y) =>
        x is not null && y is not null && x with { Devices = [] } == y with { Devices = [] } && x.Devices.SequenceEqual(y.Devices);

    public int GetHashCode(ActivitySummary obj) => obj.ActivityId.GetHashCode();

    /// <summary>Forgets the activity's kept summary and the figures its writer keeps, so the next read computes it from the samples.</summary>
    public static Task ForgetKeptFiguresAsync(RunningPlatform platform, Guid activityId) =>
        PostgresFixture.ScalarAsync<int>(platform.ConnectionString, $"""
            WITH d AS (DELETE FROM timeseries.activity_summaries WHERE activity_id = '{activityId}' RETURNING 1),
                 r AS (UPDATE timeseries.activity_devices SET running_figures = NULL WHERE activity_id = '{activityId}' RETURNING 1)
            SELECT (SELECT count(*) FROM d)::int + (SELECT count(*) FROM r)::int
            """);
}
