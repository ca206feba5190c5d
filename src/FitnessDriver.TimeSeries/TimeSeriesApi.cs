using System.Globalization;
using System.Security.Claims;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.TimeSeries;

/// <summary><c>GET /v1/activities</c>, <c>GET /v1/activities/{id}</c> and <c>GET /v1/activities/{id}/streams</c>.</summary>
public static class TimeSeriesApi
{
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapTimeSeriesApi(this IEndpointRouteBuilder routes)
    {
        var activities = routes.MapGroup("/v1/activities").RequireAuthorization().WithTags("Activities");
        activities.MapGet("", ListAsync).Produces<ActivityList>();
        activities.MapGet("/{activityId}", GetSummaryAsync).Produces<ActivitySummary>();
        activities.MapGet("/{activityId}/streams", GetStreamsAsync).Produces<ActivityStreams>();
        return routes;
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, ActivityQueries queries, int? limit, string? before, CancellationToken cancellationToken)
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
        return TypedResults.Ok(new ActivityList(await queries.ListAsync(user.AthleteId(), limit ?? 50, beforeTime, cancellationToken)));
    }

    private static async Task<IResult> GetSummaryAsync(string activityId, ClaimsPrincipal user, ActivityQueries queries,
        IEventLog log, TimeSeriesDatabase database, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(activityId, out var id))
            return Problems.NotFound("activity");
        var athleteId = user.AthleteId();
        var summary = await queries.GetSummaryAsync(id, athleteId, cancellationToken);
        if (summary is null && await CatchUpAsync(log, database, cancellationToken))
            summary = await queries.GetSummaryAsync(id, athleteId, cancellationToken);
        return summary is null ? Problems.NotFound("activity") : TypedResults.Ok(summary);
    }

    private static async Task<IResult> GetStreamsAsync(string activityId, string? channels, string? resolution, ClaimsPrincipal user,
        ActivityQueries queries, StreamQueries streams, IEventLog log, TimeSeriesDatabase database, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        resolution ??= "10s";
        if (!StreamQueries.Resolutions.ContainsKey(resolution))
            errors.Add("resolution", $"must be one of {string.Join(", ", StreamQueries.Resolutions.Keys)}");
        HashSet<string>? requested = null;
        if (!string.IsNullOrWhiteSpace(channels))
        {
            requested = channels.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            foreach (var unknown in requested.Where(c => !StreamQueries.Channels.Contains(c)))
                errors.Add("channels", $"'{unknown}' is not a channel; use {string.Join(", ", StreamQueries.Channels)}");
        }

        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid query", errors.ToDictionary());
        if (!Guid.TryParse(activityId, out var id))
            return Problems.NotFound("activity");
        var athleteId = user.AthleteId();
        var canonical = await queries.ResolveAsync(id, athleteId, cancellationToken);
        if (canonical is null && await CatchUpAsync(log, database, cancellationToken))
            canonical = await queries.ResolveAsync(id, athleteId, cancellationToken);
        return canonical is { } found ? TypedResults.Ok(await streams.GetAsync(found, athleteId, resolution, requested, cancellationToken)) : Problems.NotFound("activity");
    }

    /// <summary>An activity created a moment ago may not be stored yet: wait for the lifecycle consumer to catch up.</summary>
    private static Task<bool> CatchUpAsync(IEventLog log, TimeSeriesDatabase database, CancellationToken cancellationToken) =>
        ConsumerPositions.WaitForCatchUpAsync(log, database, ActivitySink.GroupName, Topics.ActivityLifecycle, CatchUpTimeout, cancellationToken);
}
