using System.Globalization;
using System.Net;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

public sealed class ChallengeTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task Distance_after_joining_counts_and_the_leaderboard_ranks_finishers_first()
    {
        var ann = await platform.NewAthleteAsync("Ann");
        var bob = await platform.NewAthleteAsync("Bob");
        var cleo = await platform.NewAthleteAsync("Cleo");
        var now = DateTimeOffset.UtcNow;
        var challenge = await ann.CreateChallengeAsync(new CreateChallengeRequest("New Year 2 km", "run", new ChallengeGoal(2000),
            Iso(now.AddHours(-1)), Iso(now.AddDays(1))));
        Assert.True((await ann.JoinChallengeAsync(challenge)).Joined);
        await bob.JoinChallengeAsync(challenge);
        await bob.JoinChallengeAsync(challenge);
        await cleo.JoinChallengeAsync(challenge);

        var start = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + 1);
        await RunAsync(ann, start, seconds: 440, speed: 5);
        await RunAsync(bob, start, seconds: 220, speed: 5);
        await platform.WaitForConsumersAsync();

        var board = await ann.GetLeaderboardAsync(challenge);
        Assert.Equal(["Ann", "Bob", "Cleo"], board.Select(e => e.DisplayName));
        Assert.Equal([1, 2, 3], board.Select(e => e.Rank));
        Assert.NotNull(board[0].FinishedAt);
        Assert.Null(board[1].FinishedAt);
        Assert.InRange(board[1].Value, 1090, 1100);
        Assert.Equal(0, board[2].Value);
        Assert.All(board, e => Assert.Equal(e.Value, e.DistanceM));

        var view = Assert.Single((await bob.ListChallengesAsync()).Items, c => c.ChallengeId == challenge);
        Assert.Equal(3, view.Participants);
        Assert.True(view.Joined);

        var inbox = await ann.GetNotificationsAsync();
        Assert.Equal([25, 50, 75], inbox.Items.Where(i => i.Type == AchievementTypes.ChallengeProgress).Select(i => i.Payload["percent"]!.GetValue<int>()).Order());
        Assert.Single(inbox.Items, i => i.Type == AchievementTypes.ChallengeFinished);
        var aroundBob = Assert.Single(await bob.GetLeaderboardAsync(challenge, limit: 1, aroundMe: true));
        Assert.Equal((2, "Bob"), (aroundBob.Rank, aroundBob.DisplayName));
    }

    [Fact]
    public async Task Invalid_challenges_and_unknown_ones_are_refused()
    {
        var athlete = await platform.NewAthleteAsync();
        var invalid = await Assert.ThrowsAsync<ApiProblemException>(() => athlete.CreateChallengeAsync(
            new CreateChallengeRequest("", "skating", new ChallengeGoal(0), "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Status);
        foreach (var field in new[] { "name", "sport", "goal.distanceM", "endsAt" })
            Assert.NotNull(invalid.Problem!["errors"]![field]);

        var missing = await Assert.ThrowsAsync<ApiProblemException>(() => athlete.JoinChallengeAsync(Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    private static async Task RunAsync(FitnessDriverClient athlete, DateTimeOffset start, int seconds, double speed)
    {
        var activity = Guid.NewGuid();
        await athlete.PutActivityAsync(activity, Sport.Run, start);
        await athlete.PostSamplesAsync(activity, "watch", RunGenerator.Samples(start, seconds, speed));
    }

    private static string Iso(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);
}
