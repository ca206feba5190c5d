using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Api;
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

    private static async Task<Guid> RunAsync(FitnessDriverClient athlete, DateTimeOffset start, int seconds, double speed)
    {
        var activity = Guid.NewGuid();
        await athlete.PutActivityAsync(activity, Sport.Run, start);
        await athlete.PostSamplesAsync(activity, "watch", RunGenerator.Samples(start, seconds, speed));
        return activity;
    }
}
