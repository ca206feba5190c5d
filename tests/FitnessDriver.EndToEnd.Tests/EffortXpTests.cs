using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>Effort XP: minutes in heart-rate or power zones earn XP where kilometres earn little or none.</summary>
public sealed class EffortXpTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task Half_an_hour_on_a_trainer_earns_xp_from_power_against_the_threshold_and_a_fake_heart_rate_earns_nothing()
    {
        var athlete = await platform.NewAthleteAsync("Indoor");
        var defaults = await athlete.GetZonesAsync();
        Assert.Equal((185, "default", (int?)null), (defaults.MaxHr, defaults.MaxHrSource, defaults.FtpWatts));
        Assert.Equal([93, 111, 130, 148, 167], defaults.HeartRateZones);
        var zones = await athlete.SetZonesAsync(new ZoneSettings(null, 250));
        Assert.Equal((250, "set"), (zones.FtpWatts!.Value, zones.FtpSource!));
        Assert.Equal([138, 188, 225, 263, 300], zones.PowerZones!);

        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3 * 3600);
        // 230 W is zone 3 (90–105 % of 250 W): 1 XP a minute, paid 5 at a time.
        var ride = await RecordAsync(athlete, Sport.Ride, start, 30 * 60, t => new Sample(t, Power: 230, Cadence: 85), "trainer");
        var fake = await RecordAsync(athlete, Sport.Run, start.AddHours(1), 20 * 60, t => new Sample(t, Hr: 250), "watch");
        await platform.WaitForConsumersAsync();

        Assert.Equal(30, (await athlete.GetProgressAsync()).Xp);
        var effort = (await athlete.GetNotificationsAsync()).Items.Where(i => i.Type == AchievementTypes.Xp).ToList();
        Assert.Equal(6, effort.Count);
        Assert.All(effort, i => Assert.Equal((5, true, ride.ToString()), (i.Payload["xp"]!.GetValue<int>(), i.Payload["effort"]!.GetValue<bool>(),
            i.Payload["activityId"]!.GetValue<string>())));
        Assert.Equal(30, effort.Max(i => i.Payload["totalXp"]!.GetValue<int>()));
        var trust = await athlete.GetTrustAsync(fake);
        Assert.Contains(trust.Reasons, r => r.Contains("heart rates outside 30–230 bpm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Zones_out_of_range_are_refused()
    {
        var athlete = await platform.NewAthleteAsync();
        var refused = await Assert.ThrowsAsync<ApiProblemException>(() => athlete.SetZonesAsync(new ZoneSettings(300, 5)));
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.NotNull(refused.Problem!["errors"]!["maxHr"]);
        Assert.NotNull(refused.Problem["errors"]!["ftpWatts"]);
    }

    private static async Task<Guid> RecordAsync(FitnessDriverClient athlete, Sport sport, DateTimeOffset start, int seconds, Func<long, Sample> sample, string deviceId)
    {
        var activity = Guid.NewGuid();
        await athlete.PutActivityAsync(activity, sport, start);
        var samples = Enumerable.Range(0, seconds + 1).Select(i => sample(start.ToUnixTimeMilliseconds() + i * 1000L)).ToList();
        foreach (var batch in samples.Chunk(600))
            await athlete.PostSamplesAsync(activity, deviceId, batch);
        return activity;
    }
}
