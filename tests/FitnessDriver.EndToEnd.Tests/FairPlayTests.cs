using System.Net;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>Distance nobody could cover pays nothing and flags the activity; each activity says how far it is trusted.</summary>
public sealed class FairPlayTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task A_sample_claiming_100000_km_earns_nothing_flags_the_activity_and_keeps_it_off_the_leaderboard()
    {
        var cheat = await platform.NewAthleteAsync("Cheat");
        var honest = await platform.NewAthleteAsync("Honest");
        var now = DateTimeOffset.UtcNow;
        var challenge = await honest.CreateChallengeAsync(new CreateChallengeRequest("Fair km", "run", new ChallengeGoal(1000), IsoTime.From(now.AddHours(-1).UtcDateTime), IsoTime.From(now.AddDays(1).UtcDateTime)));
        await cheat.JoinChallengeAsync(challenge);
        await honest.JoinChallengeAsync(challenge);
        var start = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + 1);
        var cheated = Guid.NewGuid();
        await cheat.PutActivityAsync(cheated, Sport.Run, start);
        // Samples may be at most 10 minutes ahead, and count for the challenge from joining: all of it within the next 501 s.
        await cheat.PostSamplesAsync(cheated, "watch", RunGenerator.Samples(start, 100));
        await cheat.PostSamplesAsync(cheated, "watch", [new Sample(start.AddSeconds(100).ToUnixTimeMilliseconds(), Distance: 100_000_000)]);
        await cheat.PostSamplesAsync(cheated, "watch", RunGenerator.Samples(start.AddSeconds(101), 400));
        var run = Guid.NewGuid();
        await honest.PutActivityAsync(run, Sport.Run, start);
        await honest.PostSamplesAsync(run, "strap", RunGenerator.Samples(start, 400), DeviceKinds.ChestStrap);
        await platform.WaitForConsumersAsync();

        // 100 s and 400 s at 3.2 m/s: the honest 1.6 km pays one kilometre; the jump pays nothing.
        var progress = await cheat.GetProgressAsync();
        Assert.Equal(10, progress.Xp);
        Assert.Equal(["first-km"], progress.Badges.Select(b => b.Id));
        var trust = await cheat.GetTrustAsync(cheated);
        Assert.Equal("implausible", trust.Trust);
        Assert.True(trust.RefusedM > 99_000_000, $"{trust.RefusedM} m refused");
        Assert.Contains(trust.Reasons, r => r.StartsWith("watch: the distance grew 99,999,", StringComparison.Ordinal) && r.Contains("m/s", StringComparison.Ordinal));
        var honestTrust = await honest.GetTrustAsync(run);
        Assert.Equal(("sensor-verified", 0), (honestTrust.Trust, honestTrust.Reasons.Count));
        var board = await honest.GetLeaderboardAsync(challenge);
        Assert.Equal(["Honest", "Cheat"], board.Select(e => e.DisplayName));
        Assert.Equal(0, board[1].DistanceM);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => honest.GetTrustAsync(cheated))).Status);
    }

    [Fact]
    public async Task A_file_is_trusted_as_imported_and_a_phone_as_phone_gps()
    {
        var athlete = await platform.NewAthleteAsync("Sources");
        ImportAccepted imported;
        await using (var file = File.OpenRead(RepositoryFiles.DeviceFile("fit", "garmin-fenix-5-run.fit")))
            imported = await athlete.ImportAsync(file, "run.fit");
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 7200);
        var live = Guid.NewGuid();
        await athlete.PutActivityAsync(live, Sport.Run, start);
        await athlete.PostSamplesAsync(live, "phone", RunGenerator.Samples(start, 120, withDistance: false), DeviceKinds.Phone);
        await platform.WaitForConsumersAsync();

        Assert.Equal("imported-file", (await athlete.GetTrustAsync(imported.ActivityId)).Trust);
        var phone = await athlete.GetTrustAsync(live);
        Assert.Equal("phone-gps", phone.Trust);
        Assert.InRange(phone.CountedM, 370, 385);
    }
}
