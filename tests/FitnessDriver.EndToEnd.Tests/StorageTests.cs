using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Testing;
using FitnessDriver.TimeSeries;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>Samples go to a TimescaleDB hypertable when the extension is installed, to native monthly partitions otherwise.</summary>
public sealed class StorageTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task With_timescaledb_samples_live_in_a_compressed_hypertable()
    {
        if (!await TimescaleDbAvailableAsync())
            Assert.Skip("TimescaleDB is not installed next to this PostgreSQL, so the hypertable variant cannot run here.");
        await StoreSomeSamplesAsync(new DateTimeOffset(2025, 3, 10, 7, 0, 0, TimeSpan.Zero));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_schema = 'timeseries' AND hypertable_name = 'samples'"));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression' AND hypertable_name = 'samples'"));
        Assert.Equal("timescaledb", await ScalarAsync<string>("SELECT variant FROM timeseries.schema_migrations WHERE version = '002_samples'"));
    }

    [Fact]
    public async Task With_timescaledb_the_policy_compresses_a_finished_day_and_late_samples_still_go_in_once()
    {
        if (!await TimescaleDbAvailableAsync())
            Assert.Skip("TimescaleDB is not installed next to this PostgreSQL, so there is no compression policy to run here.");
        var athlete = await platform.NewAthleteAsync();
        var activity = Guid.NewGuid();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-3).ToUnixTimeSeconds());
        var samples = RunGenerator.Samples(start, 600);
        await athlete.PutActivityAsync(activity, Sport.Run, start);
        await athlete.PostSamplesAsync(activity, "watch", samples[100..500]);
        await platform.WaitForConsumersAsync();

        var job = await ScalarAsync<int>("SELECT job_id FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression' AND hypertable_name = 'samples'");
        await using (var connection = new Npgsql.NpgsqlConnection(platform.ConnectionString))
        {
            await connection.OpenAsync();
            await using var run = new Npgsql.NpgsqlCommand($"CALL run_job({job})", connection);
            await run.ExecuteNonQueryAsync();
        }

        Assert.True(await ChunkOfCompressedAsync(samples[100].T), "the chunk of a day that ended more than 6 hours ago is compressed");
        // Later, earlier, repeated and new samples into the compressed chunk.
        await athlete.PostSamplesAsync(activity, "watch", samples[..150]);
        await athlete.PostSamplesAsync(activity, "watch", samples[450..]);
        await platform.WaitForConsumersAsync();
        Assert.Equal(600L, await ScalarAsync<long>($"SELECT count(*) FROM timeseries.samples WHERE activity_id = '{activity}'"));
        Assert.Equal(600, (await athlete.GetActivityAsync(activity)).SampleCount);
    }

    [Fact]
    public async Task Without_timescaledb_samples_live_in_monthly_partitions_created_as_data_arrives()
    {
        if (await TimescaleDbAvailableAsync())
            Assert.Skip("TimescaleDB is installed next to this PostgreSQL, so samples go to a hypertable instead of native partitions.");
        await StoreSomeSamplesAsync(new DateTimeOffset(2013, 2, 6, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relname = 'samples_y2013m02'"));
        Assert.Equal("plain", await ScalarAsync<string>("SELECT variant FROM timeseries.schema_migrations WHERE version = '002_samples'"));
    }

    [Fact]
    public async Task Samples_and_rollups_keep_no_index_by_athlete_or_by_time_alone_on_the_table_or_any_partition()
    {
        await StoreSomeSamplesAsync(new DateTimeOffset(2024, 5, 20, 6, 0, 0, TimeSpan.Zero));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM pg_indexes WHERE indexname LIKE '%samples_by_athlete%' OR indexname LIKE '%samples_t_idx%'"));
        Assert.Equal(0L, await ScalarAsync<long>("""
            SELECT count(*) FROM pg_indexes
            WHERE schemaname IN ('timeseries', '_timescaledb_internal') AND indexdef ~ 'USING btree \((t|bucket)( DESC)?\)$'
            """));
        Assert.True(await ScalarAsync<long>("SELECT count(*) FROM pg_indexes WHERE indexdef LIKE '%(activity_id, device_id, bucket)%'") >= 2,
            "the rollups keep their primary keys");
        Assert.True(await ScalarAsync<long>("SELECT count(*) FROM pg_indexes WHERE indexdef LIKE '%(activity_id, device_id, t)%'") >= 2,
            "the primary key is on the table and its partitions");
    }

    [Fact]
    public async Task Samples_sent_late_again_or_twice_at_once_are_stored_once_and_the_device_keeps_its_latest_time()
    {
        var athlete = await platform.NewAthleteAsync();
        var activity = Guid.NewGuid();
        var start = new DateTimeOffset(2024, 6, 1, 6, 0, 0, TimeSpan.Zero);
        var samples = RunGenerator.Samples(start, 180);
        await athlete.PutActivityAsync(activity, Sport.Run, start);
        await athlete.PostSamplesAsync(activity, "watch", samples[60..120]);
        await platform.WaitForConsumersAsync();
        // Before the stored ones, overlapping them, and the same new ones twice before the writer reads either.
        await athlete.PostSamplesAsync(activity, "watch", samples[..60]);
        await athlete.PostSamplesAsync(activity, "watch", samples[30..90]);
        await athlete.PostSamplesAsync(activity, "watch", samples[120..]);
        await athlete.PostSamplesAsync(activity, "watch", samples[120..]);
        await platform.WaitForConsumersAsync();

        Assert.Equal(180L, await ScalarAsync<long>($"SELECT count(*) FROM timeseries.samples WHERE activity_id = '{activity}'"));
        Assert.Equal(180L, await ScalarAsync<long>($"SELECT count(DISTINCT t) FROM timeseries.samples WHERE activity_id = '{activity}'"));
        Assert.Equal(samples.Sum(s => (long)s.Hr!.Value), await ScalarAsync<long>($"SELECT sum(hr) FROM timeseries.samples WHERE activity_id = '{activity}'"));
        Assert.Equal(samples[^1].T, await ScalarAsync<long>(
            $"SELECT (extract(epoch FROM last_t) * 1000)::bigint FROM timeseries.activity_devices WHERE activity_id = '{activity}' AND device_id = 'watch'"));
    }

    [Fact]
    public async Task Rows_copied_in_read_back_value_for_value_with_nulls_clamped_intervals_and_positions_only_when_plain()
    {
        var (activity, athlete, t) = (Guid.NewGuid(), Guid.NewGuid(), new DateTimeOffset(2024, 7, 1, 6, 0, 0, 123, TimeSpan.Zero).ToUnixTimeMilliseconds());
        var full = new Sample(t, Hr: 151, Power: 1999, Cadence: 92, Speed: 3.456f, Distance: 12_345.67, Lat: 55.751244, Lon: 37.618423, Alt: -12.3f,
            Rr: [402, 40_000, 398]);
        await using var connection = new Npgsql.NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using (var create = new Npgsql.NpgsqlCommand("CREATE TEMP TABLE copied (LIKE timeseries.samples)", connection))
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        await using (var copy = await SampleCopy.BeginAsync(connection, "copied", TestContext.Current.CancellationToken))
        {
            await SampleCopy.WriteAsync(copy, activity, "hrm-пульс", athlete, full, plainPositions: true, TestContext.Current.CancellationToken);
            await SampleCopy.WriteAsync(copy, activity, "hrm-пульс", athlete, full with { T = t + 1000 }, plainPositions: false, TestContext.Current.CancellationToken);
            await SampleCopy.WriteAsync(copy, activity, "watch", athlete, new Sample(t + 2000), plainPositions: true, TestContext.Current.CancellationToken);
            await copy.CompleteAsync(TestContext.Current.CancellationToken);
        }

        await using var read = new Npgsql.NpgsqlCommand("""
            SELECT activity_id, device_id, (extract(epoch FROM t) * 1000)::bigint, athlete_id, hr, power, cadence, speed_mms, distance_dm, lat, lon, alt_dm, rr
            FROM copied ORDER BY t
            """, connection);
        await using var reader = await read.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var values = new object?[reader.FieldCount];
            reader.GetValues(values!);
            rows.Add([.. values.Select(v => v is DBNull ? null : v)]);
        }

        object?[] stored = [activity, "hrm-пульс", t, athlete, (short)151, (short)1999, (short)92, SampleUnits.SpeedMms(3.456f), SampleUnits.DistanceDm(12_345.67),
            55.751244, 37.618423, SampleUnits.AltDm(-12.3f), new short[] { 402, short.MaxValue, 398 }];
        Assert.Equal(3, rows.Count);
        Assert.Equal(stored, rows[0]);
        Assert.Equal([.. stored[..2], t + 1000, .. stored[3..9], null, null, .. stored[11..]], rows[1]);
        Assert.Equal([activity, "watch", t + 2000, athlete, null, null, null, null, null, null, null, null, null], rows[2]);
    }

    private async Task StoreSomeSamplesAsync(DateTimeOffset start)
    {
        var athlete = await platform.NewAthleteAsync();
        var activity = Guid.NewGuid();
        await athlete.PutActivityAsync(activity, Sport.Run, start);
        await athlete.PostSamplesAsync(activity, "watch", RunGenerator.Samples(start, 120));
        await platform.WaitForConsumersAsync();
        Assert.Equal(120, (await athlete.GetActivityAsync(activity)).SampleCount);
    }

    private Task<bool> ChunkOfCompressedAsync(long t) => ScalarAsync<bool>($"""
        SELECT coalesce(bool_or(is_compressed), false) FROM timescaledb_information.chunks
        WHERE hypertable_schema = 'timeseries' AND hypertable_name = 'samples'
          AND range_start <= to_timestamp({t} / 1000.0) AND range_end > to_timestamp({t} / 1000.0)
        """);

    private async Task<bool> TimescaleDbAvailableAsync() =>
        await ScalarAsync<long>("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'") > 0;

    private Task<T> ScalarAsync<T>(string sql) => PostgresFixture.ScalarAsync<T>(platform.ConnectionString, sql);
}
