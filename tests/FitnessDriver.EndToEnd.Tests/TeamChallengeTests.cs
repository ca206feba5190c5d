using System.Globalization;
using System.Net;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>Team challenges: clubs and ad-hoc teams race, summed from what counts for each member.</summary>
public sealed class TeamChallengeTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task Two_clubs_race_their_totals_rank_and_only_members_join_as_the_club_on_one_team_each()
    {
        var ann = await platform.NewAthleteAsync("Ann");
        var bob = await platform.NewAthleteAsync("Bob");
        var cat = await platform.NewAthleteAsync("Cat");
        var dan = await platform.NewAthleteAsync("Dan");
        var eve = await platform.NewAthleteAsync("Eve");
        var north = await ann.CreateClubAsync(new CreateClubRequest("North", null, "public"));
        var south = await cat.CreateClubAsync(new CreateClubRequest("South", null, "public"));
        await bob.JoinClubAsync(north.ClubId);
        await dan.JoinClubAsync(south.ClubId);
        var now = DateTimeOffset.UtcNow;
        var challenge = await ann.CreateChallengeAsync(new CreateChallengeRequest("Club cup", "run", new ChallengeGoal(100_000), Iso(now.AddHours(-1)), Iso(now.AddDays(1)),
            Teams: true));

        var annView = await ann.JoinChallengeAsync(challenge, new JoinChallengeRequest(ClubId: north.ClubId));
        Assert.True(annView is { Teams: true, Joined: true, TeamId: not null });
        Assert.Equal(annView.TeamId, (await bob.JoinChallengeAsync(challenge, new JoinChallengeRequest(ClubId: north.ClubId))).TeamId);
        var southTeam = (await cat.JoinChallengeAsync(challenge, new JoinChallengeRequest(ClubId: south.ClubId))).TeamId!.Value;
        Assert.Equal(southTeam, (await dan.JoinChallengeAsync(challenge, new JoinChallengeRequest(TeamId: southTeam))).TeamId);

        // Eve is in neither club: not as the club, not by the club team's id. She makes a team of her own.
        Assert.Equal(HttpStatusCode.Forbidden, await StatusOfAsync(() => eve.JoinChallengeAsync(challenge, new JoinChallengeRequest(ClubId: north.ClubId))));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusOfAsync(() => eve.JoinChallengeAsync(challenge, new JoinChallengeRequest(TeamId: annView.TeamId))));
        var solo = (await eve.JoinChallengeAsync(challenge, new JoinChallengeRequest(Team: "Solo"))).TeamId;
        Assert.Equal(HttpStatusCode.Conflict, await StatusOfAsync(() => bob.JoinChallengeAsync(challenge, new JoinChallengeRequest(Team: "solo"))));

        // One team per challenge: Ann, now also in South, stays North's; asking for North again changes nothing.
        await ann.JoinClubAsync(south.ClubId);
        Assert.Equal(HttpStatusCode.Conflict, await StatusOfAsync(() => ann.JoinChallengeAsync(challenge, new JoinChallengeRequest(ClubId: south.ClubId))));
        Assert.Equal(HttpStatusCode.Conflict, await StatusOfAsync(() => ann.JoinChallengeAsync(challenge, new JoinChallengeRequest(TeamId: southTeam))));
        Assert.Equal(annView.TeamId, (await ann.JoinChallengeAsync(challenge, new JoinChallengeRequest(ClubId: north.ClubId))).TeamId);

        var start = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + 1);
        foreach (var (athlete, seconds) in new[] { (ann, 401), (bob, 201), (cat, 301), (dan, 321), (eve, 101) })
            await RunAsync(athlete, start, seconds);
        await platform.WaitForConsumersAsync();

        var board = await eve.GetTeamLeaderboardAsync(challenge);
        Assert.Equal([("South", 1, 2L, (Guid?)south.ClubId), ("North", 2, 2L, north.ClubId), ("Solo", 3, 1L, null)],
            board.Select(t => (t.Name, t.Rank, t.Members, t.ClubId)));
        Assert.InRange(board[0].Value, 3090, 3110);
        Assert.InRange(board[1].Value, 2990, 3010);
        Assert.InRange(board[2].Value, 495, 505);
        Assert.All(board, t => Assert.Equal(t.Value, t.DistanceM));
        Assert.Equal(solo, board[2].TeamId);
        var individual = await ann.GetLeaderboardAsync(challenge, limit: 10);
        Assert.Equal(board[1].Value, individual.Where(e => e.DisplayName is "Ann" or "Bob").Sum(e => e.Value), tolerance: 0.2);
    }

    [Fact]
    public async Task A_team_challenge_is_joined_with_exactly_one_team_and_others_ignore_teams()
    {
        var ann = await platform.NewAthleteAsync("Ann");
        var now = DateTimeOffset.UtcNow;
        var teams = await ann.CreateChallengeAsync(new CreateChallengeRequest("Relay", "run", new ChallengeGoal(10_000), Iso(now), Iso(now.AddDays(1)), Teams: true));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await StatusOfAsync(() => ann.JoinChallengeAsync(teams)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await StatusOfAsync(() => ann.JoinChallengeAsync(teams, new JoinChallengeRequest(Team: "A", ClubId: Guid.NewGuid()))));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await StatusOfAsync(() => ann.JoinChallengeAsync(teams, new JoinChallengeRequest(Team: " "))));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await StatusOfAsync(() => ann.JoinChallengeAsync(teams, new JoinChallengeRequest(TeamId: Guid.NewGuid()))));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusOfAsync(() => ann.JoinChallengeAsync(teams, new JoinChallengeRequest(ClubId: Guid.NewGuid()))));
        Assert.Empty(await ann.GetTeamLeaderboardAsync(teams));
        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync(() => ann.GetTeamLeaderboardAsync(Guid.NewGuid())));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusOfAsync(() => ann.GetTeamLeaderboardAsync(teams, limit: 0)));

        var plain = await ann.CreateChallengeAsync(new CreateChallengeRequest("Solo 10k", "run", new ChallengeGoal(10_000), Iso(now), Iso(now.AddDays(1))));
        var joined = await ann.JoinChallengeAsync(plain, new JoinChallengeRequest(Team: "Ignored"));
        Assert.True(joined is { Joined: true, Teams: false, TeamId: null });
    }

    private static async Task<HttpStatusCode> StatusOfAsync(Func<Task> call) => (await Assert.ThrowsAsync<ApiProblemException>(call)).Status;

    private static async Task RunAsync(FitnessDriverClient athlete, DateTimeOffset start, int seconds)
    {
        var activity = Guid.NewGuid();
        await athlete.PutActivityAsync(activity, Sport.Run, start);
        await athlete.PostSamplesAsync(activity, "watch", RunGenerator.Samples(start, seconds, speed: 5));
    }

    private static string Iso(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);
}
