using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>Personal records found as activities stream in, announced once per record and activity.</summary>
public sealed class PersonalRecordTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task A_faster_kilometre_is_a_new_record_announced_live_and_a_slower_one_is_not()
    {
        var athlete = await platform.NewAthleteAsync("Runner");
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3 * 3600);
        await using var feed = await athlete.OpenNotificationFeedAsync();
        var first = await RunAsync(athlete, start, seconds: 400, speed: 3.2);
        await platform.WaitForConsumersAsync();
        var faster = await RunAsync(athlete, start.AddHours(1), seconds: 300, speed: 4);
        await platform.WaitForConsumersAsync();
        var slower = await RunAsync(athlete, start.AddHours(2), seconds: 500, speed: 2.5);
        await platform.WaitForConsumersAsync();

        var records = (await athlete.GetRecordsAsync()).Items;
        var kilometre = Assert.Single(records, r => r.Record == "1k");
        Assert.Equal((faster, 250.0, "4:10"), (kilometre.ActivityId, kilometre.Value, kilometre.Display));
        Assert.Equal((slower, 499.0), (records.Single(r => r.Record == "longest").ActivityId, records.Single(r => r.Record == "longest").Value));

        var announced = (await athlete.GetNotificationsAsync()).Items.Where(i => i.Type == AchievementTypes.PersonalRecord)
            .Select(i => (i.Payload["record"]!.GetValue<string>(), Guid.Parse(i.Payload["activityId"]!.GetValue<string>()))).ToList();
        Assert.Equal([("1k", first), ("1k", faster)], announced.Where(a => a.Item1 == "1k"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        NotificationItem? pushed = null;
        await foreach (var item in feed.ReadAllAsync(timeout.Token))
        {
            if (item.Type == AchievementTypes.PersonalRecord && item.Payload["activityId"]!.GetValue<string>() == faster.ToString() && item.Payload["record"]!.GetValue<string>() == "1k")
            {
                pushed = item;
                break;
            }
        }

        Assert.Equal(("4:10", 312.5), (pushed!.Payload["display"]!.GetValue<string>(), pushed.Payload["previous"]!.GetValue<double>()));
        Assert.Null(pushed.Payload["imported"]);
    }

    [Fact]
    public async Task A_marathon_and_a_ride_with_power_set_every_record_each_announced_once()
    {
        var athlete = await platform.NewAthleteAsync("Every record");
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 6 * 3600);
        // 42.75 km at 4.5 m/s: every distance on foot, each at 1000 m / 4.5 m/s per kilometre.
        var marathon = Guid.NewGuid();
        await athlete.PutActivityAsync(marathon, Sport.Run, start);
        foreach (var batch in RunGenerator.Samples(start, 9_500, speed: 4.5).Chunk(2_000))
            await athlete.PostSamplesAsync(marathon, "watch", batch);
        // 25 minutes on a power meter: 900 W for 5 s, 400 W for a minute, 300 W for 5 minutes, 250 W otherwise.
        var rideStart = start.AddHours(3);
        var ride = Guid.NewGuid();
        await athlete.PutActivityAsync(ride, Sport.Ride, rideStart);
        var watts = Enumerable.Range(0, 1_500).Select(i => i < 5 ? 900 : i < 65 ? 400 : i < 365 ? 300 : 250).ToList();
        await athlete.PostSamplesAsync(ride, "power-meter",
            watts.Select((w, i) => new Sample(rideStart.ToUnixTimeMilliseconds() + i * 1000L, Power: w, Cadence: 90)).ToList(), DeviceKinds.PowerMeter);
        await platform.WaitForConsumersAsync();

        var records = (await athlete.GetRecordsAsync()).Items.ToDictionary(r => r.Record);
        Assert.Equal(["10k", "1k", "5k", "half-marathon", "longest", "marathon", "power-1m", "power-20m", "power-5m", "power-5s"],
            records.Keys.Order(StringComparer.Ordinal));
        foreach (var (record, metres) in new[] { ("1k", 1_000), ("5k", 5_000), ("10k", 10_000), ("half-marathon", 21_097), ("marathon", 42_195) })
        {
            Assert.Equal(marathon, records[record].ActivityId);
            Assert.InRange(records[record].Value, metres / 4.5 - 2, metres / 4.5 + 2);
        }

        Assert.Equal("18:31", records["5k"].Display);
        Assert.StartsWith("2:36:1", records["marathon"].Display, StringComparison.Ordinal);
        // Each window is best from the start, where the hardest seconds are.
        Assert.Equal(900.0, records["power-5s"].Value, 1);
        Assert.Equal((5 * 900 + 55 * 400) / 60.0, records["power-1m"].Value, 1);
        Assert.Equal((5 * 900 + 60 * 400 + 235 * 300) / 300.0, records["power-5m"].Value, 1);
        Assert.Equal((5 * 900 + 60 * 400 + 300 * 300 + 835 * 250) / 1200.0, records["power-20m"].Value, 1);
        Assert.Equal(("900 W", ride), (records["power-5s"].Display, records["power-5s"].ActivityId));
        Assert.Equal((marathon, 9_499.0), (records["longest"].ActivityId, records["longest"].Value));

        var announced = (await athlete.GetNotificationsAsync()).Items.Where(i => i.Type == AchievementTypes.PersonalRecord)
            .Select(i => i.Payload["record"]!.GetValue<string>()).ToList();
        Assert.Equal(records.Keys.Order(StringComparer.Ordinal), announced.Distinct().Order(StringComparer.Ordinal));
    }

    private static async Task<Guid> RunAsync(FitnessDriverClient athlete, DateTimeOffset start, int seconds, double speed)
    {
        var activity = Guid.NewGuid();
        await athlete.PutActivityAsync(activity, Sport.Run, start);
        await athlete.PostSamplesAsync(activity, "watch", RunGenerator.Samples(start, seconds, speed));
        return activity;
    }
}
