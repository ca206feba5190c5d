using System.Net;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>Per-activity visibility and privacy zones, as another athlete meets them: activity pages, streams and leaderboards.</summary>
public sealed class PrivacyControlsTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task Others_see_only_activities_for_everyone_and_no_position_inside_a_zone_or_near_either_end()
    {
        var ann = await platform.NewAthleteAsync("Ann");
        var bob = await platform.NewAthleteAsync("Bob");
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600);
        var home = new PrivacyZone(43.35, 42.44, 200);
        var settings = await ann.SetPrivacyAsync(new PrivacySettingsRequest([new PrivacyZoneRequest(home.Lat, home.Lon, home.RadiusM)], 300));
        Assert.Equal(home, Assert.Single(settings.Zones));
        Assert.Equal(settings.Zones, (await ann.GetPrivacyAsync()).Zones);
        Assert.Empty((await bob.GetPrivacyAsync()).Zones);

        var shared = await RecordAsync(ann, start, Visibility.Everyone, seconds: 600);
        var followers = await RecordAsync(ann, start.AddHours(-2), Visibility.Followers, seconds: 60);
        var mine = await RecordAsync(ann, start.AddHours(-4), Visibility.OnlyMe, seconds: 60);
        await platform.WaitForConsumersAsync();

        Assert.Equal([shared], (await bob.ListActivitiesOfAsync(ann.AthleteId)).Items.Select(a => a.ActivityId));
        Assert.Equal([shared, followers, mine], (await ann.ListActivitiesOfAsync(ann.AthleteId)).Items.Select(a => a.ActivityId));
        Assert.Equal(["everyone", "followers", "only-me"], (await ann.ListActivitiesAsync()).Items.Select(a => a.Visibility));
        Assert.Equal("everyone", (await bob.GetActivityOfAsync(ann.AthleteId, shared)).Visibility);
        foreach (var hidden in new[] { followers, mine })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => bob.GetActivityOfAsync(ann.AthleteId, hidden))).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => bob.GetStreamsOfAsync(ann.AthleteId, hidden))).Status);
        }

        // Bob cannot reach Ann's activity through his own routes either.
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => bob.GetActivityAsync(shared))).Status);

        var own = await ann.GetStreamsAsync(shared, "1s");
        var seen = await bob.GetStreamsOfAsync(ann.AthleteId, shared, "1s");
        Assert.Equal(own.T, seen.T);
        Assert.Equal(own.Hr, seen.Hr);
        Assert.All(own.Lat!, lat => Assert.NotNull(lat));
        var track = own.Lat!.Zip(own.Lon!, (lat, lon) => (Lat: lat!.Value, Lon: lon!.Value)).ToList();
        var along = new double[track.Count];
        for (var i = 1; i < track.Count; i++)
            along[i] = along[i - 1] + Geo.HaversineM(track[i - 1].Lat, track[i - 1].Lon, track[i].Lat, track[i].Lon);
        var shown = 0;
        for (var i = 0; i < track.Count; i++)
        {
            var inZone = Geo.HaversineM(home.Lat, home.Lon, track[i].Lat, track[i].Lon) <= home.RadiusM;
            var nearEnd = along[i] < 300 || along[^1] - along[i] < 300;
            if (inZone || nearEnd)
            {
                Assert.Null(seen.Lat![i]);
                Assert.Null(seen.Lon![i]);
            }
            else
            {
                Assert.Equal(own.Lat![i], seen.Lat![i]);
                shown++;
            }
        }

        Assert.InRange(shown, 100, track.Count - 100);
    }

    [Fact]
    public async Task Only_activities_for_everyone_count_on_a_challenge_and_a_change_of_visibility_moves_the_distance()
    {
        var ann = await platform.NewAthleteAsync("Ann");
        var bob = await platform.NewAthleteAsync("Bob");
        var now = DateTimeOffset.UtcNow;
        var challenge = await ann.CreateChallengeAsync(new CreateChallengeRequest("Private km", "run", new ChallengeGoal(1000),
            IsoTime.From(now.AddHours(-1).UtcDateTime), IsoTime.From(now.AddDays(1).UtcDateTime)));
        await ann.JoinChallengeAsync(challenge);
        await bob.JoinChallengeAsync(challenge);
        var start = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + 1);
        var private2Km = await RecordAsync(ann, start, Visibility.OnlyMe, seconds: 400, speed: 5);
        await RecordAsync(bob, start, Visibility.Everyone, seconds: 100, speed: 5);
        await platform.WaitForConsumersAsync();

        var board = await bob.GetLeaderboardAsync(challenge);
        Assert.Equal([("Bob", 495.0), ("Ann", 0.0)], board.Select(e => (e.DisplayName!, e.DistanceM)));
        Assert.All(board, e => Assert.Null(e.FinishedAt));

        var (_, state) = await ann.PutActivityWithStateAsync(private2Km, Sport.Run, start, visibility: Visibility.Everyone);
        Assert.Equal("everyone", state.Visibility);
        await platform.WaitForConsumersAsync();
        board = await bob.GetLeaderboardAsync(challenge);
        Assert.Equal(["Ann", "Bob"], board.Select(e => e.DisplayName));
        Assert.InRange(board[0].Value, 1990, 2000);
        Assert.NotNull(board[0].FinishedAt);

        await ann.PutActivityWithStateAsync(private2Km, Sport.Run, start, visibility: Visibility.Followers);
        await platform.WaitForConsumersAsync();
        board = await bob.GetLeaderboardAsync(challenge);
        Assert.Equal([("Bob", 495.0), ("Ann", 0.0)], board.Select(e => (e.DisplayName!, e.DistanceM)));
        Assert.Null(board[1].FinishedAt);
    }

    [Fact]
    public async Task Bad_privacy_settings_and_visibilities_are_refused_with_the_field()
    {
        var ann = await platform.NewAthleteAsync("Ann");
        var zones = await Assert.ThrowsAsync<ApiProblemException>(() => ann.SetPrivacyAsync(
            new PrivacySettingsRequest([new PrivacyZoneRequest(91, 0, 200), new PrivacyZoneRequest(0, 0, 5), null], -1)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, zones.Status);
        foreach (var field in new[] { "zones[0].lat", "zones[1].radiusM", "zones[2]", "hideStartEndM" })
            Assert.NotNull(zones.Problem!["errors"]![field]);
        Assert.Empty((await ann.GetPrivacyAsync()).Zones);

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/activities/{Guid.NewGuid()}")
        {
            Content = new StringContent("""{"sport":"run","startedAt":"2026-01-01T00:00:00Z","visibility":"friends"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await ann.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("visibility", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<Guid> RecordAsync(FitnessDriverClient athlete, DateTimeOffset start, Visibility visibility, int seconds, double speed = 3)
    {
        var activity = Guid.NewGuid();
        await athlete.PutActivityWithStateAsync(activity, Sport.Run, start, visibility: visibility);
        await athlete.PostSamplesAsync(activity, "watch", RunGenerator.Samples(start, seconds, speed));
        return activity;
    }
}
