using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Testing;
using FitnessDriver.TimeSeries;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>
/// Raw samples older than <c>TimeSeries:Retention:RawDays</c> are dropped — by a TimescaleDB job (<c>drop_chunks</c>), or by
/// emptying native monthly partitions — while the activity still reads: its summary and its 10 s and 1 min streams.
/// </summary>
public sealed class RetentionTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly Dictionary<string, string> KeepThirtyDays = new()
    {
        ["TimeSeries:Retention:RawDays"] = "30",
        ["TimeSeries:Retention:CheckMinutes"] = "0",
    };

    [Fact]
    public async Task With_timescaledb_the_retention_job_drops_old_chunks_and_the_activity_still_reads()
    {
        await using var platform = await RunningPlatform.StartAsync(postgres, KeepThirtyDays);
        if (!await TimescaleDbAsync(platform))
            Assert.Skip("TimescaleDB is not installed next to this PostgreSQL, so there is no retention job to run here.");
        var job = await Eventually.MatchesAsync(() => ScalarAsync<int>(platform,
                "SELECT coalesce(max(job_id), 0) FROM timescaledb_information.jobs WHERE proc_schema = 'timeseries' AND proc_name = 'drop_raw_samples'"),
            id => id > 0, TimeSpan.FromSeconds(30), "the retention job is added at start");
        Assert.Equal("30", await ScalarAsync<string>(platform, $"SELECT config->>'raw_days' FROM timescaledb_information.jobs WHERE job_id = {job}"));

        async Task RunJobAsync()
        {
            await using var connection = new NpgsqlConnection(platform.ConnectionString);
            await connection.OpenAsync();
            await using var run = new NpgsqlCommand($"CALL run_job({job})", connection);
            await run.ExecuteNonQueryAsync();
        }

        await ActivityStillReadsAfterAsync(platform, RunJobAsync, old => ScalarAsync<long>(platform, $"""
            SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_schema = 'timeseries' AND hypertable_name = 'samples'
              AND range_start <= to_timestamp({old} / 1000.0) AND range_end > to_timestamp({old} / 1000.0)
            """), RunJobAsync);
    }

    [Fact]
    public async Task Without_timescaledb_the_job_empties_old_partitions_and_the_activity_still_reads()
    {
        await using var platform = await RunningPlatform.StartAsync(postgres, KeepThirtyDays);
        if (await TimescaleDbAsync(platform))
            Assert.Skip("TimescaleDB is installed next to this PostgreSQL, so its retention job drops chunks instead.");
        var retention = platform.Services.GetRequiredService<RawRetention>();
        await ActivityStillReadsAfterAsync(platform, async () => Assert.Equal(1, await retention.RunAsync(CancellationToken.None)),
            _ => ScalarAsync<long>(platform, "SELECT count(*) FROM timeseries.samples_y2013m02"));
    }

    /// <summary>
    /// An old ride (February 2013) and a recent one; after <paramref name="runJob"/> the old ride's raw samples are gone
    /// (<paramref name="rawLeft"/> counts what holds its time), the recent one's stay, and both read as before.
    /// <paramref name="jobAlone"/>, when given, runs the drop without keeping summaries first: it must leave the old ride.
    /// </summary>
    private static async Task ActivityStillReadsAfterAsync(RunningPlatform platform, Func<Task> runJob, Func<long, Task<long>> rawLeft, Func<Task>? jobAlone = null)
    {
        var athlete = await platform.NewAthleteAsync();
        var (old, recent) = (Guid.NewGuid(), Guid.NewGuid());
        var oldStart = new DateTimeOffset(2013, 2, 6, 12, 11, 14, TimeSpan.Zero);
        var recentStart = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds());
        await athlete.PutActivityAsync(old, Sport.Run, oldStart);
        await athlete.PutActivityAsync(recent, Sport.Run, recentStart);
        await athlete.PostSamplesAsync(old, "watch", RunGenerator.Samples(oldStart, 1800), DeviceKinds.Watch);
        await athlete.PostSamplesAsync(recent, "watch", RunGenerator.Samples(recentStart, 600), DeviceKinds.Watch);
        await platform.WaitForConsumersAsync();
        var tenSeconds = await athlete.GetStreamsAsync(old, "10s");
        var minutes = await athlete.GetStreamsAsync(old, "1m");
        Assert.Equal(181, tenSeconds.T.Count);
        Assert.Equal(31, minutes.T.Count);
        if (jobAlone is not null)
        {
            await jobAlone();
            Assert.Equal(1800L, await ScalarAsync<long>(platform, $"SELECT count(*) FROM timeseries.samples WHERE activity_id = '{old}'"));
        }

        // The summary was never read, so the job left the samples; a run keeps the summary, and then they go.
        await platform.Services.GetRequiredService<RawRetention>().RunAsync(CancellationToken.None);
        await runJob();

        Assert.Equal(0L, await rawLeft(oldStart.ToUnixTimeMilliseconds()));
        Assert.Equal(0L, await ScalarAsync<long>(platform, $"SELECT count(*) FROM timeseries.samples WHERE activity_id = '{old}'"));
        Assert.Equal(600L, await ScalarAsync<long>(platform, $"SELECT count(*) FROM timeseries.samples WHERE activity_id = '{recent}'"));
        var summary = await athlete.GetActivityAsync(old);
        Assert.Equal(1800, summary.SampleCount);
        Assert.Equal(Math.Round(3.2 * 1799, 1), summary.DistanceM);
        Assert.Equal(120 + 19.5, summary.AvgHr);
        Assert.Empty((await athlete.GetStreamsAsync(old, "1s")).T);
        AssertSame(tenSeconds, await athlete.GetStreamsAsync(old, "10s"));
        AssertSame(minutes, await athlete.GetStreamsAsync(old, "1m"));
        Assert.Equal(600, (await athlete.GetActivityAsync(recent)).SampleCount);
    }

    private static void AssertSame(ActivityStreams expected, ActivityStreams actual)
    {
        Assert.Equal(expected.T, actual.T);
        Assert.Equal(expected.Hr, actual.Hr);
        Assert.Equal(expected.Speed, actual.Speed);
        Assert.Equal(expected.Distance, actual.Distance);
        Assert.Equal(expected.Lat, actual.Lat);
        Assert.Equal(expected.Lon, actual.Lon);
        Assert.Equal(expected.Alt, actual.Alt);
    }

    private static async Task<bool> TimescaleDbAsync(RunningPlatform platform) =>
        await ScalarAsync<long>(platform, "SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'") > 0;

    private static Task<T> ScalarAsync<T>(RunningPlatform platform, string sql) => PostgresFixture.ScalarAsync<T>(platform.ConnectionString, sql);
}
