using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Privacy;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>
/// The summary figures the writer keeps while a device's samples arrive in order answer exactly what the samples would:
/// for real device files, and for a live recording with several samples in some seconds, gaps and missing channels.
/// </summary>
public sealed class RunningSummaryTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly RunningPlatform platform = fixture.Platform;

    public static TheoryData<string, string> Files => new()
    {
        { "fit", "garmin-edge-820-bike.fit" },
        { "fit", "garmin-fenix-5-run.fit" },
        { "fit", "sample-activity-indoor-trainer.fit" },
        { "fit", "activity-small-fenix2-run.fit" },
        { "gpx", "cerknicko-jezero.gpx" },
        { "tcx", "sup_activity_1.tcx" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task An_imported_rides_kept_figures_equal_its_summary_computed_from_the_samples(string folder, string file)
    {
        var athlete = await platform.NewAthleteAsync();
        Guid activityId;
        await using (var stream = File.OpenRead(RepositoryFiles.DeviceFile(folder, file)))
            activityId = (await athlete.ImportAsync(stream, file)).ActivityId;
        await platform.WaitForConsumersAsync();

        Assert.Equal(1L, await KeptFiguresAsync(activityId));
        var kept = await athlete.GetActivityAsync(activityId);
        Assert.True(kept.SampleCount > 0);
        await SummaryComparer.ForgetKeptFiguresAsync(platform, activityId);
        Assert.Equal(kept, await athlete.GetActivityAsync(activityId), SummaryComparer.Instance);
    }

    [Fact]
    public async Task Live_batches_with_several_samples_a_second_and_gaps_keep_figures_until_a_late_sample_arrives()
    {
        var athlete = await platform.NewAthleteAsync();
        var activityId = Guid.NewGuid();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds());
        await athlete.PutActivityAsync(activityId, Sport.Ride, start);
        var samples = Ride(start);
        foreach (var batch in samples.Chunk(97))
            await athlete.PostSamplesAsync(activityId, "bike-computer", batch);
        await platform.WaitForConsumersAsync();

        Assert.Equal(1L, await KeptFiguresAsync(activityId));
        var position = await PostgresFixture.ScalarAsync<byte[]>(platform.ConnectionString,
            $"SELECT running_position FROM timeseries.activity_devices WHERE activity_id = '{activityId}'");
        Assert.True(Sealed.IsSealed(position), "the last position is kept sealed");
        var kept = await athlete.GetActivityAsync(activityId);
        Assert.Equal(samples.Count, kept.SampleCount);
        // The highest heart rate is the highest second's average.
        Assert.Equal((int)Math.Round(samples.Where(s => s.Hr is not null).GroupBy(s => s.T / 1000).Max(g => g.Average(s => s.Hr!.Value))), kept.MaxHr);
        await SummaryComparer.ForgetKeptFiguresAsync(platform, activityId);
        var computed = await athlete.GetActivityAsync(activityId);
        Assert.Equal(kept, computed, SummaryComparer.Instance);

        var inThePause = samples.Zip(samples.Skip(1)).First(pair => pair.Second.T - pair.First.T > 30_000).First.T + 20_000;
        await athlete.PostSamplesAsync(activityId, "bike-computer", [new Sample(inThePause, Hr: 200, Power: 900, Speed: 30f)]);
        await platform.WaitForConsumersAsync();
        Assert.Equal(0L, await KeptFiguresAsync(activityId));
        var afterLate = await athlete.GetActivityAsync(activityId);
        Assert.Equal(samples.Count + 1, afterLate.SampleCount);
        Assert.Equal(200, afterLate.MaxHr);
    }

    /// <summary>A ride at 1 Hz with a second of four samples every minute, a pause, a stretch without heart rate and one without GPS.</summary>
    private static List<Sample> Ride(DateTimeOffset start)
    {
        var samples = new List<Sample>();
        var (t, distance, lat, lon) = (start.ToUnixTimeMilliseconds(), 0.0, 46.05, 14.5);
        for (var i = 0; i < 1500; i++)
        {
            var speed = i is >= 600 and < 660 ? 0f : 8f + (i % 7 * 0.37f);
            t += i == 900 ? 45_000 : 1000;
            distance += speed;
            (lat, lon) = (lat + (speed * 6e-6), lon + (speed * 4e-6));
            int? hr = i is >= 1000 and < 1100 ? null : 120 + (i % 41);
            var hasPosition = i is < 1200 or >= 1260;
            samples.Add(new Sample(t, hr, 150 + (i % 97), 85, speed, Math.Round(distance, 2), hasPosition ? lat : null, hasPosition ? lon : null, 300f + (i % 13)));
            if (i % 60 == 30)
            {
                for (var q = 1; q < 4; q++)
                    samples.Add(new Sample(t + (q * 250), hr + q, 400 + (q * 37), 86, speed + q, Math.Round(distance + (q * speed / 4), 2), Alt: 301f));
            }
        }

        return samples;
    }

    private Task<long> KeptFiguresAsync(Guid activityId) => PostgresFixture.ScalarAsync<long>(platform.ConnectionString,
        $"SELECT count(*) FROM timeseries.activity_devices WHERE activity_id = '{activityId}' AND running_figures IS NOT NULL");
}
