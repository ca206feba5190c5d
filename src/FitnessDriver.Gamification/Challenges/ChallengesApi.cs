using System.Security.Claims;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Gamification.Challenges;

/// <summary>Challenges: create, list, join, leaderboard.</summary>
public static class ChallengesApi
{
    private const int MaxNameLength = 100;
    private static readonly TimeSpan MaxDuration = TimeSpan.FromDays(366);

    /// <summary>How far from now a challenge may start: lists sort by start, so one in year 9999 would head them all.</summary>
    private static readonly TimeSpan MaxStartDistance = TimeSpan.FromDays(366);

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapChallengesApi(this IEndpointRouteBuilder routes)
    {
        var challenges = routes.MapGroup("/v1/challenges").RequireAuthorization().WithTags("Challenges");
        challenges.MapPost("", CreateAsync).Produces<ChallengeCreated>(StatusCodes.Status201Created);
        challenges.MapGet("", ListAsync).Produces<ChallengeList>();
        challenges.MapGet("/{challengeId}", GetAsync).Produces<ChallengeView>();
        challenges.MapPost("/{challengeId}/join", JoinAsync).Produces<ChallengeView>();
        challenges.MapGet("/{challengeId}/leaderboard", LeaderboardAsync).Produces<IReadOnlyList<LeaderboardEntry>>();
        return routes;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ClaimsPrincipal user, ChallengeQueries queries, TimeProvider clock, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CreateChallengeRequest>(request);
        if (!body.Succeeded)
            return body.Problem!;
        var draft = body.Value!;
        var errors = new ValidationErrors();
        var name = TextFields.Clean(draft.Name, "name", MaxNameLength, errors, required: true);
        if (!SportNames.TryParse(draft.Sport, out var sport))
            errors.Add("sport", $"must be one of {string.Join(", ", SportNames.All)}");
        var goal = Goal(draft.Goal, errors);
        var startsAt = Time(draft.StartsAt, "startsAt", errors);
        var endsAt = Time(draft.EndsAt, "endsAt", errors);
        if (startsAt is { } start && endsAt is { } end)
        {
            if (end <= start)
                errors.Add("endsAt", "must be after startsAt");
            else if (end - start > MaxDuration)
                errors.Add("endsAt", "a challenge lasts at most 366 days");
            else if (end <= clock.GetUtcNow())
                errors.Add("endsAt", "must be in the future");
            if ((start - clock.GetUtcNow()).Duration() > MaxStartDistance)
                errors.Add("startsAt", "must be within a year of now");
        }

        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid challenge", errors.ToDictionary());
        var id = await queries.CreateAsync(name!, sport, goal!.Value.Metric, goal.Value.Amount, startsAt!.Value, endsAt!.Value, user.AthleteId(), draft.Teams ?? false,
            cancellationToken);
        return TypedResults.Created($"/v1/challenges/{id}", new ChallengeCreated(id));
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, ChallengeQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ChallengeList(await queries.ListAsync(user.AthleteId(), cancellationToken)));

    private static async Task<IResult> GetAsync(string challengeId, ClaimsPrincipal user, ChallengeQueries queries, CancellationToken cancellationToken) =>
        Guid.TryParse(challengeId, out var id) && await queries.FindAsync(id, user.AthleteId(), cancellationToken) is { } challenge
            ? TypedResults.Ok(challenge)
            : Problems.NotFound("challenge");

    private static async Task<IResult> JoinAsync(string challengeId, HttpRequest request, ClaimsPrincipal user, ChallengeQueries queries, ChallengeTeams teams,
        IClubMemberships clubs, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(challengeId, out var id) || await queries.FindAsync(id, user.AthleteId(), cancellationToken) is not { } challenge)
            return Problems.NotFound("challenge");
        if (!challenge.Joined && DateTimeOffset.Parse(challenge.EndsAt, System.Globalization.CultureInfo.InvariantCulture) <= clock.GetUtcNow())
            return Problems.Create(StatusCodes.Status409Conflict, "Challenge ended", $"{challenge.Name} ended at {challenge.EndsAt}.");
        if (challenge.Teams)
            return await ChallengeTeamsApi.JoinAsync(challenge, request, user, queries, teams, clubs, clock, cancellationToken);
        await queries.JoinAsync(id, user.AthleteId(), clock.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(await queries.FindAsync(id, user.AthleteId(), cancellationToken));
    }

    private static async Task<IResult> LeaderboardAsync(string challengeId, int? limit, string? around, ClaimsPrincipal user,
        ChallengeQueries queries, IDisplayNames names, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        LeaderboardQuery.Check(limit, around, errors);
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid query", errors.ToDictionary());
        if (!Guid.TryParse(challengeId, out var id) || await queries.MetricOfAsync(id, cancellationToken) is not { } metric)
            return Problems.NotFound("challenge");

        var rows = await queries.LeaderboardAsync(id, metric, limit ?? 50, around == "me" ? user.AthleteId() : null, cancellationToken);
        var displayNames = await names.FindAsync(rows.Select(r => r.AthleteId).ToList(), cancellationToken);
        return TypedResults.Ok(rows.Select(r => r with { DisplayName = displayNames.GetValueOrDefault(r.AthleteId) }).ToList());
    }

    /// <summary>Exactly one of the goal's fields, within its metric's range (active days are whole days).</summary>
    private static (ChallengeMetric Metric, double Amount)? Goal(ChallengeGoal? goal, ValidationErrors errors)
    {
        var given = new (ChallengeMetric Metric, double? Amount)[]
        {
            (ChallengeMetric.Distance, goal?.DistanceM), (ChallengeMetric.MovingTime, goal?.MovingSeconds),
            (ChallengeMetric.ElevationGain, goal?.ElevationGainM), (ChallengeMetric.ActiveDays, goal?.ActiveDays),
        }.Where(g => g.Amount is not null).ToList();
        var fields = string.Join(", ", Enum.GetValues<ChallengeMetric>().Select(m => m.GoalField()));
        if (given.Count != 1)
        {
            errors.Add("goal", $"is required: exactly one of {fields}");
            return null;
        }

        var (metric, amount) = (given[0].Metric, given[0].Amount!.Value);
        if (amount < 1 || amount > metric.MaxGoal() || (metric == ChallengeMetric.ActiveDays && amount != Math.Floor(amount)))
        {
            errors.Add($"goal.{metric.GoalField()}", $"must be {(metric == ChallengeMetric.ActiveDays ? "a whole number " : "")}between 1 and {metric.MaxGoal():N0}");
            return null;
        }

        return (metric, amount);
    }

    private static DateTimeOffset? Time(string? value, string field, ValidationErrors errors)
    {
        if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time))
            return time.ToUniversalTime();
        errors.Add(field, "is required: an ISO-8601 time such as 2026-12-31T21:00:00Z");
        return null;
    }
}
