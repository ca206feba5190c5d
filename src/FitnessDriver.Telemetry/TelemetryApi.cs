using System.Security.Claims;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Activities;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Telemetry;

/// <summary>
/// Activities, sample batches and finish. Every accepted request is appended to the log before it is answered;
/// the edge never waits for a database.
/// </summary>
public static class TelemetryApi
{
    internal static readonly StripedLock ActivityLocks = new(64);

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapTelemetryApi(this IEndpointRouteBuilder routes)
    {
        var activities = routes.MapGroup("/v1/activities/{activityId}").RequireAuthorization().WithTags("Activities");
        activities.MapPut("", PutActivityAsync).Produces<ActivityState>(StatusCodes.Status201Created).Produces<ActivityState>();
        activities.MapPost("/samples", PostSamplesAsync).Accepts<SampleBatchRequest>("application/json", CompactSamples.MediaType)
            .AddOpenApiOperationTransformer(CompactSamplesOpenApi.DescribeAsync).Produces<AcceptedResponse>(StatusCodes.Status202Accepted);
        activities.MapPost("/finish", FinishAsync).Produces<ActivityState>(StatusCodes.Status202Accepted);
        activities.MapDelete("", DeleteAsync).Produces<ActivityDeletion>(StatusCodes.Status202Accepted);
        return routes;
    }

    private static async Task<IResult> PutActivityAsync(string activityId, HttpRequest request, ClaimsPrincipal user,
        ActivityLookup lookup, ActivityDirectory directory, LifecycleWriter lifecycle, ActivityNames names, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!ActivityRequests.TryParseId(activityId, out var id, out var idErrors))
            return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid activity id", idErrors.ToDictionary());
        var body = await JsonBody.ReadAsync<PutActivityRequest>(request);
        if (!body.Succeeded)
            return body.Problem!;

        var errors = new ValidationErrors();
        var sport = ActivityRequests.ParseSport(body.Value!.Sport, errors);
        var startedAt = ActivityRequests.ParseTime(body.Value.StartedAt, "startedAt", clock.GetUtcNow(), errors);
        var name = TextFields.Clean(body.Value.Name, "name", ActivityRequests.MaxNameLength, errors);
        var visibility = ActivityRequests.ParseVisibility(body.Value.Visibility, errors);
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid activity", errors.ToDictionary());

        var athleteId = user.AthleteId();
        using var _ = await ActivityLocks.AcquireAsync(id, cancellationToken);
        await lookup.LoadAthleteAsync(athleteId, cancellationToken);
        var existing = await lookup.FindAsync(id, cancellationToken);
        if (directory.IsDeleted(id))
            return Deleted(id);
        if (existing is not null && existing.AthleteId != athleteId)
            return Problems.NotFound("activity");
        if (existing is not null && (existing.Sport != sport || existing.StartedAt != startedAt))
        {
            return Problems.Create(StatusCodes.Status409Conflict, "Activity exists",
                $"Activity {id} already exists as a {existing.Sport.ToName()} started at {ActivityRequests.Iso(existing.StartedAt)}; " +
                "an activity's sport and start cannot change.");
        }

        if (existing is null)
        {
            var started = new ActivityStarted(id, athleteId, sport!.Value, startedAt!.Value, name, Visibility: visibility ?? Visibility.Everyone);
            var duplicate = DuplicateDetector.ForLiveStart(directory.OwnActivitiesOf(athleteId), sport.Value, startedAt.Value);
            await lifecycle.AppendAsync(cancellationToken, duplicate is null ? [started] : [started, new ActivityMerged(id, athleteId, duplicate.ActivityId)]);
        }
        else if (await names.OfAsync(existing, cancellationToken) != name || (visibility ?? existing.Visibility) != existing.Visibility)
        {
            await lifecycle.AppendAsync(cancellationToken,
                new ActivityStarted(id, athleteId, sport!.Value, startedAt!.Value, name, Visibility: visibility ?? existing.Visibility));
        }

        var state = await ViewAsync(directory.Find(id)!, names, cancellationToken);
        return existing is null ? TypedResults.Created($"/v1/activities/{id}", state) : TypedResults.Ok(state);
    }

    private static async Task<IResult> PostSamplesAsync(string activityId, HttpRequest request, ClaimsPrincipal user,
        ActivityLookup lookup, SampleAppender appender, SampleWindow window, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!ActivityRequests.TryParseId(activityId, out var id, out var idErrors))
            return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid activity id", idErrors.ToDictionary());
        var body = CompactSampleBody.IsCompact(request) ? await CompactSampleBody.ReadAsync(request) : await JsonBody.ReadAsync<SampleBatchRequest>(request);
        if (!body.Succeeded)
            return body.Problem!;
        if (body.Value!.Samples?.Count > SampleValidation.MaxSamples)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "Too many samples",
                $"A request may carry at most {SampleValidation.MaxSamples} samples; this one has {body.Value.Samples.Count}. Split it.");
        }

        var errors = SampleValidation.Validate(body.Value, clock.GetUtcNow());
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid samples", errors.ToDictionary());

        if (await lookup.FindOwnedAsync(id, user.AthleteId(), cancellationToken) is not { } activity)
            return lookup.IsDeleted(id) ? Deleted(id) : Problems.NotFound("activity");
        window.Check(activity, body.Value.Samples!, errors);
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid samples", errors.ToDictionary());
        var accepted = await appender.AppendAsync(activity, body.Value.DeviceId!, body.Value.DeviceKind, body.Value.Samples!, SampleSource.Live, cancellationToken);
        return TypedResults.Accepted((string?)null, new AcceptedResponse(accepted));
    }

    private static async Task<IResult> FinishAsync(string activityId, HttpRequest request, ClaimsPrincipal user,
        ActivityLookup lookup, ActivityDirectory directory, LifecycleWriter lifecycle, ActivityNames names, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!ActivityRequests.TryParseId(activityId, out var id, out var idErrors))
            return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid activity id", idErrors.ToDictionary());
        FinishActivityRequest finish = new(null);
        if (request.ContentLength is not 0)
        {
            var body = await JsonBody.ReadAsync<FinishActivityRequest>(request);
            if (!body.Succeeded)
                return body.Problem!;
            finish = body.Value!;
        }

        var now = clock.GetUtcNow();
        var errors = new ValidationErrors();
        var finishedAt = ActivityRequests.ParseTime(finish.FinishedAt, "finishedAt", now, errors, required: false) ?? now.ToUnixTimeMilliseconds();
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid finish", errors.ToDictionary());

        var athleteId = user.AthleteId();
        using var _ = await ActivityLocks.AcquireAsync(id, cancellationToken);
        if (await lookup.FindOwnedAsync(id, athleteId, cancellationToken) is not { } activity)
            return Problems.NotFound("activity");
        if (finishedAt < activity.StartedAt)
        {
            errors.Add("finishedAt", $"must not be before the start ({ActivityRequests.Iso(activity.StartedAt)})");
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid finish", errors.ToDictionary());
        }

        if (activity.FinishedAt is null)
            await lifecycle.AppendAsync(cancellationToken, new ActivityFinished(id, athleteId, finishedAt));
        return TypedResults.Accepted((string?)null, await ViewAsync(directory.Find(id)!, names, cancellationToken));
    }

    private static async Task<IResult> DeleteAsync(string activityId, ClaimsPrincipal user, ActivityLookup lookup, ActivityDirectory directory,
        LifecycleWriter lifecycle, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!ActivityRequests.TryParseId(activityId, out var id, out var idErrors))
            return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid activity id", idErrors.ToDictionary());
        var athleteId = user.AthleteId();
        if (await lookup.FindOwnedAsync(id, athleteId, cancellationToken) is not { } activity)
            return Problems.NotFound("activity");
        await lookup.LoadAthleteAsync(athleteId, cancellationToken);
        var canonical = await lookup.FindAsync(activity.CanonicalId, cancellationToken) ?? activity;
        var deleted = await ActivityDeletions.DeleteAsync(canonical, directory, lifecycle, clock, cancellationToken);
        return TypedResults.Accepted((string?)null, new ActivityDeletion(canonical.ActivityId, deleted));
    }

    private static IResult Deleted(Guid id) =>
        Problems.Create(StatusCodes.Status410Gone, "Activity deleted", $"Activity {id} was deleted; a new recording needs a new id.");

    internal static async Task<ActivityState> ViewAsync(ActivityEntry entry, ActivityNames names, CancellationToken cancellationToken) => new(
        entry.ActivityId,
        entry.Sport.ToName(),
        entry.FinishedAt is null ? "recording" : "finished",
        ActivityRequests.Iso(entry.StartedAt),
        entry.FinishedAt is { } finished ? ActivityRequests.Iso(finished) : null,
        await names.OfAsync(entry, cancellationToken),
        entry.MergedInto,
        entry.Visibility.ToName());
}
