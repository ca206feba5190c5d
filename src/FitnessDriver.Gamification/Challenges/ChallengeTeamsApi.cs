using System.Security.Claims;
using FitnessDriver.Contracts.Api;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Gamification.Challenges;

/// <summary>Team challenges: joining on a team, and the teams' leaderboard.</summary>
public static class ChallengeTeamsApi
{
    private const int MaxTeamNameLength = 100;

    /// <summary>Maps <c>GET /v1/challenges/{id}/teams</c>.</summary>
    public static IEndpointRouteBuilder MapChallengeTeamsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/v1/challenges").RequireAuthorization().WithTags("Challenges")
            .MapGet("/{challengeId}/teams", LeaderboardAsync).Produces<IReadOnlyList<TeamLeaderboardEntry>>();
        return routes;
    }

    /// <summary>
    /// Joins a team challenge on the team the body names: an existing team (a club's only for its members), a new ad-hoc
    /// one, or the caller's club. An athlete is on one team per challenge; asking again for the same team changes nothing.
    /// </summary>
    internal static async Task<IResult> JoinAsync(ChallengeView challenge, HttpRequest request, ClaimsPrincipal user, ChallengeQueries queries, ChallengeTeams teams,
        IClubMemberships clubs, TimeProvider clock, CancellationToken cancellationToken)
    {
        var asked = new JoinChallengeRequest();
        if (request.ContentLength is > 0 || request.Headers.ContentType.Count > 0)
        {
            var body = await JsonBody.ReadAsync<JoinChallengeRequest>(request);
            if (!body.Succeeded)
                return body.Problem!;
            asked = body.Value!;
        }

        var errors = new ValidationErrors();
        if (new object?[] { asked.TeamId, asked.Team, asked.ClubId }.Count(f => f is not null) != 1)
            errors.Add("team", "a team challenge is joined with exactly one of teamId (an existing team), team (a new team's name) or clubId (your club's team)");
        var name = asked.Team is null ? null : TextFields.Clean(asked.Team, "team", MaxTeamNameLength, errors, required: true);
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid team", errors.ToDictionary());

        var me = user.AthleteId();
        var id = challenge.ChallengeId;
        ChallengeTeam? team = null;
        if (asked.TeamId is { } teamId)
        {
            if ((team = await teams.FindAsync(id, teamId, cancellationToken)) is null)
                return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid team", new Dictionary<string, string[]> { ["teamId"] = ["is not a team of this challenge"] });
            if (team.ClubId is { } teamClub && challenge.TeamId != teamId && await clubs.FindAsync(me, teamClub, cancellationToken) is null)
                return ClubMembersOnly();
        }
        else if (asked.ClubId is { } clubId)
        {
            if (await clubs.FindAsync(me, clubId, cancellationToken) is not { } membership)
                return ClubMembersOnly();
            team = challenge.TeamId is null
                ? await teams.ForClubAsync(id, clubId, membership.Name, cancellationToken)
                : await teams.FindByClubAsync(id, clubId, cancellationToken);
        }

        if (challenge.TeamId is { } current)
            return current == team?.TeamId ? TypedResults.Ok(challenge) : OneTeam();
        if (name is not null && (team = await teams.CreateAsync(id, name, cancellationToken)) is null)
            return Problems.Create(StatusCodes.Status409Conflict, "Team name taken", $"This challenge has a team called {name}: join it with its teamId, or choose another name.");
        if (await teams.JoinAsync(id, me, team!.TeamId, clock.GetUtcNow(), cancellationToken) != team.TeamId)
            return OneTeam();
        return TypedResults.Ok(await queries.FindAsync(id, me, cancellationToken));
    }

    private static async Task<IResult> LeaderboardAsync(string challengeId, int? limit, ChallengeQueries queries, ChallengeTeams teams, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 500)
            return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid query", new Dictionary<string, string[]> { ["limit"] = ["must be between 1 and 500"] });
        if (!Guid.TryParse(challengeId, out var id) || await queries.MetricOfAsync(id, cancellationToken) is not { } metric)
            return Problems.NotFound("challenge");
        return TypedResults.Ok(await teams.LeaderboardAsync(id, metric, limit ?? 100, cancellationToken));
    }

    private static IResult ClubMembersOnly() => Problems.Create(StatusCodes.Status403Forbidden, "Club members only", "Only the club's members join a challenge as its team.");

    private static IResult OneTeam() => Problems.Create(StatusCodes.Status409Conflict, "Already on a team", "An athlete is on one team per challenge.");
}
