using System.Globalization;
using System.Security.Claims;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.ServiceDefaults.Privacy;

namespace FitnessDriver.TimeSeries;

/// <summary>
/// <c>GET /v1/activities</c>, <c>GET /v1/activities/{id}</c> and <c>GET /v1/activities/{id}/streams</c>, and the same of
/// another athlete under <c>/v1/athletes/{athleteId}/activities</c>: only activities visible to everyone, with the
/// positions the owner's privacy settings hide left out.
/// </summary>
public static class TimeSeriesApi
{
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapTimeSeriesApi(this IEndpointRouteBuilder routes)
    {
        var activities = routes.MapGroup("/v1/activities").RequireAuthorization().WithTags("Activities");
        activities.MapGet("", (ClaimsPrincipal user, ActivityQueries queries, IRelationships relationships, int? limit, string? before, CancellationToken cancellationToken) =>
            ListAsync(user.AthleteId(), user, queries, relationships, limit, before, cancellationToken)).Produces<ActivityList>();
        activities.MapGet("/{activityId}", (string activityId, ClaimsPrincipal user, ActivityQueries queries, IRelationships relationships, IEventLog log,
            TimeSeriesDatabase database, CancellationToken cancellationToken) =>
            GetSummaryAsync(user.AthleteId(), activityId, user, queries, relationships, log, database, cancellationToken)).Produces<ActivitySummary>();
        activities.MapGet("/{activityId}/streams", (string activityId, [AsParameters] StreamQuery query, ClaimsPrincipal user, ActivityQueries queries,
            StreamQueries streams, IPrivacySettings privacy, IRelationships relationships, IEventLog log, TimeSeriesDatabase database, CancellationToken cancellationToken) =>
            GetStreamsAsync(user.AthleteId(), activityId, query, user, queries, streams, privacy, relationships, log, database, cancellationToken)).Produces<ActivityStreams>();

        var others = routes.MapGroup("/v1/athletes/{athleteId:guid}/activities").RequireAuthorization().WithTags("Activities");
        others.MapGet("", (Guid athleteId, ClaimsPrincipal user, ActivityQueries queries, IRelationships relationships, int? limit, string? before,
            CancellationToken cancellationToken) => ListAsync(athleteId, user, queries, relationships, limit, before, cancellationToken)).Produces<ActivityList>();
        others.MapGet("/{activityId}", (Guid athleteId, string activityId, ClaimsPrincipal user, ActivityQueries queries, IRelationships relationships,
            IEventLog log, TimeSeriesDatabase database, CancellationToken cancellationToken) =>
            GetSummaryAsync(athleteId, activityId, user, queries, relationships, log, database, cancellationToken)).Produces<ActivitySummary>();
        others.MapGet("/{activityId}/streams", (Guid athleteId, string activityId, [AsParameters] StreamQuery query, ClaimsPrincipal user, ActivityQueries queries,
            StreamQueries streams, IPrivacySettings privacy, IRelationships relationships, IEventLog log, TimeSeriesDatabase database, CancellationToken cancellationToken) =>
            GetStreamsAsync(athleteId, activityId, query, user, queries, streams, privacy, relationships, log, database, cancellationToken)).Produces<ActivityStreams>();
        return routes;
    }

    /// <summary>
    /// Whether the caller may see an activity of <paramref name="owner"/> with this visibility: the owner always; others as
    /// their follows and blocks allow (<see cref="ViewerStanding.MaySee"/>).
    /// </summary>
    private static async Task<bool> MayViewAsync(Guid owner, string visibility, ClaimsPrincipal user, IRelationships relationships, CancellationToken cancellationToken) =>
        owner == user.AthleteId() || (VisibilityNames.TryParse(visibility, out var parsed)
            && (await relationships.StandingAsync(user.AthleteId(), owner, cancellationToken)).MaySee(parsed));

    private static async Task<IResult> ListAsync(Guid owner, ClaimsPrincipal user, ActivityQueries queries, IRelationships relationships, int? limit, string? before,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (limit is < 1 or > 200)
            errors.Add("limit", "must be between 1 and 200");
        DateTime? beforeTime = null;
        if (before is not null)
        {
            if (DateTimeOffset.TryParse(before, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                beforeTime = parsed.UtcDateTime;
            else
                errors.Add("before", "must be an ISO-8601 time");
        }

        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid query", errors.ToDictionary());
        string[]? visible = null;
        if (owner != user.AthleteId())
        {
            var standing = await relationships.StandingAsync(user.AthleteId(), owner, cancellationToken);
            visible = [.. Enum.GetValues<Visibility>().Where(standing.MaySee).Select(v => v.ToName())];
        }

        return TypedResults.Ok(new ActivityList(await queries.ListAsync(owner, limit ?? 50, beforeTime, cancellationToken, visible)));
    }

    private static async Task<IResult> GetSummaryAsync(Guid owner, string activityId, ClaimsPrincipal user, ActivityQueries queries, IRelationships relationships,
        IEventLog log, TimeSeriesDatabase database, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(activityId, out var id))
            return Problems.NotFound("activity");
        var summary = await queries.GetSummaryAsync(id, owner, cancellationToken);
        if (summary is null && owner == user.AthleteId() && await CatchUpAsync(log, database, cancellationToken))
            summary = await queries.GetSummaryAsync(id, owner, cancellationToken);
        return summary is not null && await MayViewAsync(owner, summary.Visibility, user, relationships, cancellationToken)
            ? TypedResults.Ok(summary)
            : Problems.NotFound("activity");
    }

    private static async Task<IResult> GetStreamsAsync(Guid owner, string activityId, StreamQuery query, ClaimsPrincipal user,
        ActivityQueries queries, StreamQueries streams, IPrivacySettings privacy, IRelationships relationships, IEventLog log, TimeSeriesDatabase database,
        CancellationToken cancellationToken)
    {
        if (query.Validate() is { } invalid)
            return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid query", invalid);
        if (!Guid.TryParse(activityId, out var id))
            return Problems.NotFound("activity");
        var activity = await queries.ResolveAsync(id, owner, cancellationToken);
        if (activity is null && owner == user.AthleteId() && await CatchUpAsync(log, database, cancellationToken))
            activity = await queries.ResolveAsync(id, owner, cancellationToken);
        if (activity is null || !await MayViewAsync(owner, activity.Visibility, user, relationships, cancellationToken))
            return Problems.NotFound("activity");
        PrivacySettings? hidden = null;
        if (owner != user.AthleteId() && (hidden = await privacy.FindAsync(owner, cancellationToken)) is null)
            return Problems.NotFound("activity");
        return TypedResults.Ok(await streams.GetAsync(activity.ActivityId, owner, query.ToRequest(), cancellationToken, hidden));
    }

    /// <summary>An activity created a moment ago may not be stored yet: wait for the lifecycle consumer to catch up.</summary>
    private static Task<bool> CatchUpAsync(IEventLog log, TimeSeriesDatabase database, CancellationToken cancellationToken) =>
        ConsumerPositions.WaitForCatchUpAsync(log, database, ActivitySink.GroupName, Topics.ActivityLifecycle, CatchUpTimeout, cancellationToken);
}
