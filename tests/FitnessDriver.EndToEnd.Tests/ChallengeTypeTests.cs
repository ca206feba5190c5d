using System.Globalization;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>Challenges of moving time, elevation gain and active days (distance ones are in <see cref="ChallengeTests"/>).</summary>
public sealed class ChallengeTypeTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task Moving_time_climb_and_active_days_count_after_joining_and_leave_with_a_deleted_activity()
    {
        var ann = await platform.NewAthleteAsync("Ann");
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        // Midday for the athlete, so that the runs below fall on one local day.
        await ann.SetGameSettingsAsync(new GameSettingsView(MiddayZone(now), null));
        var window = (Iso(now.AddHours(-1)), Iso(now.AddDays(7)));
        var moving = await CreateAndJoinAsync(ann, "Move 5 minutes", new ChallengeGoal(MovingSeconds: 300), window);
        var climb = await CreateAndJoinAsync(ann, "Climb 40 m", new ChallengeGoal(ElevationGainM: 40), window);
        var days = await CreateAndJoinAsync(ann, "Two active days", new ChallengeGoal(ActiveDays: 2), window);

        // Before joining: makes today active (11 minutes) but adds no time or climb.
        await RunAsync(ann, now.AddMinutes(-21), seconds: 660, climbPerSecond: 0.05);
        // After joining: 8 minutes, 48 m up.
        var counted = await RunAsync(ann, now.AddSeconds(1), seconds: 481, climbPerSecond: 0.1);
        await platform.WaitForConsumersAsync();

        var views = (await ann.ListChallengesAsync()).Items.ToDictionary(c => c.ChallengeId);
        Assert.Equal(("moving-time", 300.0), (views[moving].Metric, views[moving].Goal.MovingSeconds!.Value));
        Assert.InRange(views[moving].Progress!.Value, 478, 480);
        Assert.NotNull(views[moving].FinishedAt);
        Assert.Null(views[moving].DistanceM);
        Assert.Equal("elevation-gain", views[climb].Metric);
        Assert.InRange(views[climb].Progress!.Value, 45, 48);
        Assert.NotNull(views[climb].FinishedAt);
        Assert.Equal(("active-days", 1.0), (views[days].Metric, views[days].Progress!.Value));
        Assert.Null(views[days].FinishedAt);
        var board = Assert.Single(await ann.GetLeaderboardAsync(days));
        Assert.Equal((1, 1.0, (double?)null), (board.Rank, board.Value, board.DistanceM));

        var inbox = (await ann.GetNotificationsAsync()).Items;
        var finished = inbox.Where(i => i.Type == AchievementTypes.ChallengeFinished).Select(i => (i.Payload["metric"]!.GetValue<string>(), i.Payload["challengeId"]!.GetValue<string>()));
        Assert.Equal([("elevation-gain", climb.ToString()), ("moving-time", moving.ToString())], finished.Order());
        var halfway = inbox.Where(i => i.Type == AchievementTypes.ChallengeProgress && i.Payload["challengeId"]!.GetValue<string>() == days.ToString())
            .Select(i => (i.Payload["percent"]!.GetValue<int>(), i.Payload["value"]!.GetValue<double>(), i.Payload["goal"]!["activeDays"]!.GetValue<double>()));
        Assert.Equal([(25, 1.0, 2.0), (50, 1.0, 2.0)], halfway.Order());

        await ann.DeleteActivityAsync(counted);
        await platform.WaitForConsumersAsync();
        views = (await ann.ListChallengesAsync()).Items.ToDictionary(c => c.ChallengeId);
        Assert.Equal((0.0, 0.0, 1.0), (views[moving].Progress!.Value, views[climb].Progress!.Value, views[days].Progress!.Value));
        Assert.Null(views[moving].FinishedAt);
    }

    [Fact]
    public async Task A_goal_must_be_exactly_one_metric_in_its_range()
    {
        var athlete = await platform.NewAthleteAsync();
        var now = DateTimeOffset.UtcNow;
        foreach (var (goal, field) in new[]
                 {
                     (new ChallengeGoal(DistanceM: 1000, MovingSeconds: 60), "goal"),
                     (new ChallengeGoal(), "goal"),
                     (new ChallengeGoal(ActiveDays: 1.5), "goal.activeDays"),
                     (new ChallengeGoal(ElevationGainM: 2_000_000), "goal.elevationGainM"),
                 })
        {
            var refused = await Assert.ThrowsAsync<ApiProblemException>(() => athlete.CreateChallengeAsync(
                new CreateChallengeRequest("Bad goal", "run", goal, Iso(now), Iso(now.AddDays(1)))));
            Assert.NotNull(refused.Problem!["errors"]![field]);
        }
    }

    private static async Task<Guid> CreateAndJoinAsync(FitnessDriverClient athlete, string name, ChallengeGoal goal, (string Starts, string Ends) window)
    {
        var challenge = await athlete.CreateChallengeAsync(new CreateChallengeRequest(name, "run", goal, window.Starts, window.Ends));
        await athlete.JoinChallengeAsync(challenge);
        return challenge;
    }

    private static async Task<Guid> RunAsync(FitnessDriverClient athlete, DateTimeOffset start, int seconds, double climbPerSecond)
    {
        var activity = Guid.NewGuid();
        await athlete.PutActivityAsync(activity, Sport.Run, start);
        var samples = RunGenerator.Samples(start, seconds).Select((s, i) => s with { Alt = (float)(500 + i * climbPerSecond) }).ToList();
        await athlete.PostSamplesAsync(activity, "watch", samples);
        return activity;
    }

    /// <summary>A fixed-offset zone where it is about noon now.</summary>
    private static string MiddayZone(DateTimeOffset now)
    {
        var offset = Math.Clamp(12 - now.UtcDateTime.Hour, -12, 14);
        return offset == 0 ? "Etc/GMT" : $"Etc/GMT{(offset > 0 ? "-" : "+")}{Math.Abs(offset)}";
    }

    private static string Iso(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);
}
