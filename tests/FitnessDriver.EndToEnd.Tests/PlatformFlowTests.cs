using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

public sealed class PlatformFlowTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task A_run_of_1_2_km_earns_xp_pushed_live_kept_in_the_inbox_and_summarised()
    {
        var athlete = await platform.NewAthleteAsync();
        await using var feed = await athlete.OpenNotificationFeedAsync(TestContext.Current.CancellationToken);
        var received = ReceiveAsync(feed, n => n.Type is AchievementTypes.Xp or AchievementTypes.LevelUp);

        var activityId = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        Assert.True(await athlete.PutActivityAsync(activityId, Sport.Run, start));
        var samples = RunGenerator.Samples(start, seconds: 375, speed: 3.2);
        foreach (var chunk in samples.Chunk(60))
            Assert.Equal(chunk.Length, (await athlete.PostSamplesAsync(activityId, "phone-1", chunk)).Accepted);

        var pushed = await received.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(AchievementTypes.Xp, pushed.Type);
        Assert.Equal(activityId.ToString(), pushed.Payload["activityId"]!.GetValue<string>());

        var inbox = await athlete.GetNotificationsAsync();
        Assert.Contains(inbox.Items, n => n.Id == pushed.Id);
        var summary = await Eventually.MatchesAsync(() => athlete.GetActivityAsync(activityId),
            s => s.SampleCount == samples.Count, TimeSpan.FromSeconds(30), "all samples stored");
        Assert.InRange(summary.DistanceM, 1190, 1210);
        Assert.Equal(["phone-1"], summary.Devices);
        Assert.Equal("recording", summary.Status);
        var progress = await Eventually.MatchesAsync(() => athlete.GetProgressAsync(), p => p.Xp > 0, TimeSpan.FromSeconds(10), "xp");
        Assert.Equal(10, progress.Xp);
        Assert.Contains(progress.Badges, b => b.Id == "first-km");
    }

    [Fact]
    public async Task Finishing_shows_in_the_summary_and_streams_are_bucketed()
    {
        var athlete = await platform.NewAthleteAsync();
        var activityId = Guid.NewGuid();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds() / 10 * 10);
        await athlete.PutActivityAsync(activityId, Sport.Ride, start, "Morning ride");
        await athlete.PostSamplesAsync(activityId, "bike-computer", RunGenerator.Samples(start, 120, speed: 8));
        var finished = await athlete.FinishAsync(activityId, start.AddSeconds(120));
        Assert.Equal("finished", finished.Status);

        var summary = await Eventually.MatchesAsync(() => athlete.GetActivityAsync(activityId),
            s => s.Status == "finished" && s.SampleCount == 120, TimeSpan.FromSeconds(30), "finished summary");
        Assert.Equal("ride", summary.Sport);
        Assert.Equal("Morning ride", summary.Name);
        Assert.Equal(120, summary.ElapsedS);
        Assert.InRange(summary.MovingS, 115, 120);

        var streams = await athlete.GetStreamsAsync(activityId, "10s", "hr,speed");
        Assert.Equal("10s", streams.Resolution);
        Assert.Equal(12, streams.T.Count);
        Assert.All(streams.T, t => Assert.Equal(0, t % 10_000));
        Assert.Equal(12, streams.Hr!.Count);
        Assert.All(streams.Speed!, v => Assert.Equal(8, v!.Value, 3));
        Assert.Null(streams.Power);
        var seconds = await athlete.GetStreamsAsync(activityId, "1s");
        Assert.Equal(120, seconds.T.Count);
    }

    [Fact]
    public async Task Sending_the_same_batch_three_times_changes_nothing_downstream()
    {
        var athlete = await platform.NewAthleteAsync();
        var activityId = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        await athlete.PutActivityAsync(activityId, Sport.Run, start);
        var batch = RunGenerator.Samples(start, seconds: 400, speed: 3.0);

        await athlete.PostSamplesAsync(activityId, "watch", batch);
        await platform.WaitForConsumersAsync();
        var once = await SnapshotAsync(athlete, activityId);

        await athlete.PostSamplesAsync(activityId, "watch", batch);
        await athlete.PostSamplesAsync(activityId, "watch", batch);
        await platform.WaitForConsumersAsync();
        var thrice = await SnapshotAsync(athlete, activityId);

        Assert.Equal(400, once.Rows);
        Assert.Equal(10, once.Xp);
        Assert.Equal(once, thrice);
    }

    private sealed record Snapshot(long Rows, long Xp, int Notifications, double Distance);

    private async Task<Snapshot> SnapshotAsync(FitnessDriverClient athlete, Guid activityId)
    {
        var rows = await PostgresFixture.ScalarAsync<long>(platform.ConnectionString,
            "SELECT count(*) FROM timeseries.samples WHERE activity_id = $1", activityId);
        var progress = await athlete.GetProgressAsync();
        var inbox = await athlete.GetNotificationsAsync();
        var summary = await athlete.GetActivityAsync(activityId);
        return new Snapshot(rows, progress.Xp, inbox.Items.Count, summary.DistanceM);
    }

    private static async Task<NotificationItem> ReceiveAsync(NotificationFeed feed, Func<NotificationItem, bool> match)
    {
        await foreach (var item in feed.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            if (match(item))
                return item;
        }

        throw new InvalidOperationException("The notification stream closed before a matching notification arrived.");
    }
}
