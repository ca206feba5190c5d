using System.Net;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>Deleting an activity removes it from every store and takes back everything it earned.</summary>
public sealed class ActivityDeletionTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task A_deleted_activity_leaves_the_list_the_xp_the_records_and_the_challenge_as_if_it_had_never_been()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var ann = await platform.NewAthleteAsync("Ann");
        var control = await platform.NewAthleteAsync("Control");
        var challenge = await ann.CreateChallengeAsync(new CreateChallengeRequest("Deletion 100 km", "run", new ChallengeGoal(100_000),
            IsoTime.From(now.AddHours(-1).UtcDateTime), IsoTime.From(now.AddDays(1).UtcDateTime)));
        await ann.JoinChallengeAsync(challenge);
        await control.JoinChallengeAsync(challenge);

        var fast = await RunAsync(ann, now.AddMinutes(-40), seconds: 750, speed: 4);
        var slow = await RunAsync(ann, now.AddMinutes(-15), seconds: 667, speed: 3);
        await RunAsync(control, now.AddMinutes(-15), seconds: 667, speed: 3);
        await platform.WaitForConsumersAsync();
        Assert.Equal(fast, (await ann.GetRecordsAsync()).Items.Single(r => r.Record == "1k").ActivityId);

        var deletion = await ann.DeleteActivityAsync(fast);
        Assert.Equal([fast], deletion.Deleted);
        await platform.WaitForConsumersAsync();

        Assert.Equal([slow], (await ann.ListActivitiesAsync()).Items.Select(a => a.ActivityId));
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => ann.GetActivityAsync(fast))).Status);
        var (annProgress, controlProgress) = (await ann.GetProgressAsync(), await control.GetProgressAsync());
        Assert.Equal((controlProgress.Xp, controlProgress.Level), (annProgress.Xp, annProgress.Level));
        Assert.Equal(controlProgress.Badges.Select(b => b.Id), annProgress.Badges.Select(b => b.Id));
        var kilometre = (await ann.GetRecordsAsync()).Items.Single(r => r.Record == "1k");
        Assert.Equal((slow, (await control.GetRecordsAsync()).Items.Single(r => r.Record == "1k").Value), (kilometre.ActivityId, kilometre.Value));
        var board = await ann.GetLeaderboardAsync(challenge);
        Assert.Equal(board.Single(e => e.AthleteId == control.AthleteId).Value, board.Single(e => e.AthleteId == ann.AthleteId).Value, 3);

        var again = await Assert.ThrowsAsync<ApiProblemException>(() => ann.PutActivityAsync(fast, Sport.Run, now.AddMinutes(-40)));
        Assert.Equal(HttpStatusCode.Gone, again.Status);
        var late = await Assert.ThrowsAsync<ApiProblemException>(() => ann.PostSamplesAsync(fast, "watch", RunGenerator.Samples(now.AddMinutes(-20), 10, 4)));
        Assert.Equal(HttpStatusCode.Gone, late.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => ann.DeleteActivityAsync(fast))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => control.DeleteActivityAsync(slow))).Status);
    }

    private static async Task<Guid> RunAsync(FitnessDriverClient athlete, DateTimeOffset start, int seconds, double speed)
    {
        var activity = Guid.NewGuid();
        await athlete.PutActivityAsync(activity, Sport.Run, start);
        await athlete.PostSamplesAsync(activity, "watch", RunGenerator.Samples(start, seconds, speed));
        await athlete.FinishAsync(activity, start.AddSeconds(seconds));
        return activity;
    }
}
