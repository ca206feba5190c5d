using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Testing;
using FitnessDriver.TimeSeries;
using Microsoft.Extensions.DependencyInjection;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>10 s and 1 min streams read rollups the writer keeps; they hold exactly what the samples give.</summary>
public sealed class RollupTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task Rollups_of_two_devices_sent_late_and_twice_equal_the_buckets_computed_from_the_samples()
    {
        var athlete = await platform.NewAthleteAsync();
        var activity = Guid.NewGuid();
        var start = new DateTimeOffset(2024, 9, 14, 8, 0, 3, TimeSpan.Zero);
        await athlete.PutActivityAsync(activity, Sport.Ride, start);
        var watch = RunGenerator.Samples(start, 900, speed: 7.37).Select((s, i) => s with { Power = 180 + (i * 7 % 61), Alt = 2130 + (i % 17) * 0.3f }).ToList();
        var strap = RunGenerator.Samples(start.AddMilliseconds(400), 600, withDistance: false, withPosition: false)
            .Select((s, i) => s with { Hr = 100 + (i * 13 % 71), Speed = null, Cadence = null, Alt = null }).ToList();
        await athlete.PostSamplesAsync(activity, "watch", watch[300..], DeviceKinds.Watch);
        await athlete.PostSamplesAsync(activity, "strap", strap[..400], DeviceKinds.ChestStrap);
        await platform.WaitForConsumersAsync();
        // Late, overlapping and repeated batches: only what is new goes into the rollups.
        await athlete.PostSamplesAsync(activity, "watch", watch[..350], DeviceKinds.Watch);
        await athlete.PostSamplesAsync(activity, "watch", watch[100..200], DeviceKinds.Watch);
        await athlete.PostSamplesAsync(activity, "strap", strap[350..], DeviceKinds.ChestStrap);
        await platform.WaitForConsumersAsync();

        var fused = platform.Services.GetRequiredService<FusedChannels>();
        var database = platform.Services.GetRequiredService<TimeSeriesDatabase>();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var devices = await FusedChannels.DevicesAsync(connection, activity, CancellationToken.None);
        var range = new SampleRange(start.ToUnixTimeMilliseconds() - 60_000, watch[^1].T + 60_000);
        foreach (var resolution in new[] { TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1) })
        {
            var rolledUp = await fused.QueryAsync(connection, activity, resolution, devices, range, CancellationToken.None);
            var computed = await fused.QueryAsync(connection, activity, resolution, devices, range, CancellationToken.None, fromSamples: true);
            Assert.Equal(computed.Select(p => p.T), rolledUp.Select(p => p.T));
            Assert.Equal(computed.Select(p => string.Join(',', p.Values)), rolledUp.Select(p => string.Join(',', p.Values)));
            Assert.NotEmpty(rolledUp);
        }

        var streams = await athlete.GetStreamsAsync(activity, "10s");
        Assert.Equal(91, streams.T.Count);
        Assert.Equal(Math.Round(strap.Take(7).Average(s => (double)s.Hr!.Value), 1), streams.Hr![0]);
        Assert.Equal(Math.Round(watch.Take(7).Average(s => (double)s.Power!.Value), 1), streams.Power![0]);
        Assert.Equal(Math.Round(watch[6].Distance!.Value, 1), streams.Distance![0]);
        Assert.Equal(Math.Round(watch.Take(7).Average(s => s.Lat!.Value), 7), streams.Lat![0]);
        Assert.Equal(900L, await ScalarAsync<long>($"SELECT sum(samples) FROM timeseries.rollups_1m WHERE activity_id = '{activity}' AND device_id = 'watch'"));
    }

    [Fact]
    public async Task Speed_distance_and_altitude_are_stored_as_integers_and_read_as_sent()
    {
        var athlete = await platform.NewAthleteAsync();
        var activity = Guid.NewGuid();
        var start = new DateTimeOffset(2024, 9, 15, 8, 0, 0, TimeSpan.Zero);
        await athlete.PutActivityAsync(activity, Sport.Ride, start);
        List<Sample> samples = [new(start.ToUnixTimeMilliseconds(), Speed: 8.123f, Distance: 1234.56, Alt: 321.4f), new(start.ToUnixTimeMilliseconds() + 1000, Speed: 8.2f, Distance: 1242.77, Alt: -12.3f)];
        await athlete.PostSamplesAsync(activity, "computer", samples, DeviceKinds.BikeComputer);
        await platform.WaitForConsumersAsync();

        Assert.Equal("8123,12346,3214", await ScalarAsync<string>(
            $"SELECT concat_ws(',', speed_mms, distance_dm, alt_dm) FROM timeseries.samples WHERE activity_id = '{activity}' ORDER BY t LIMIT 1"));
        Assert.Equal(0L, await ScalarAsync<long>($"SELECT count(*) FROM timeseries.samples WHERE activity_id = '{activity}' AND (speed IS NOT NULL OR distance IS NOT NULL OR alt IS NOT NULL)"));
        var streams = await athlete.GetStreamsAsync(activity, "1s");
        Assert.Equal([8.123, 8.2], streams.Speed!);
        Assert.Equal([1234.6, 1242.8], streams.Distance!);
        Assert.Equal([321.4, -12.3], streams.Alt!);
    }

    private Task<T> ScalarAsync<T>(string sql) => PostgresFixture.ScalarAsync<T>(platform.ConnectionString, sql);
}
