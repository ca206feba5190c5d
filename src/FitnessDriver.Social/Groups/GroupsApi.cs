using System.Security.Claims;
using FitnessDriver.Contracts.Api;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.Social.Clubs;

namespace FitnessDriver.Social.Groups;

/// <summary>Live group sessions: start, join, leave, read.</summary>
public static class GroupsApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapGroupsApi(this IEndpointRouteBuilder routes)
    {
        var sessions = routes.MapGroup("/v1/group-sessions").RequireAuthorization().WithTags("Group sessions");
        sessions.MapPost("", CreateAsync).Produces<GroupSessionView>(StatusCodes.Status201Created);
        sessions.MapGet("", ListAsync).Produces<GroupSessionList>();
        sessions.MapGet("/{sessionId:guid}", GetAsync).Produces<GroupSessionView>();
        sessions.MapPost("/{sessionId:guid}/join", JoinAsync).Produces<GroupSessionView>();
        sessions.MapPost("/{sessionId:guid}/leave", LeaveAsync);
        return routes;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ClaimsPrincipal user, GroupStore store, ClubStore clubs, LiveAthletes live, GroupViews views,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CreateGroupSessionRequest>(request);
        if (!body.Succeeded)
            return body.Problem!;
        var errors = new ValidationErrors();
        var name = TextFields.Clean(body.Value!.Name, "name", 100, errors, required: true);
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid group session", errors.ToDictionary());
        var me = user.AthleteId();
        if (body.Value.ClubId is { } clubId && await clubs.RoleAsync(clubId, me, cancellationToken) is null)
            return Problems.NotFound("club");
        if (await store.OtherSessionAsync(me, null, cancellationToken) is { } other)
            return InAnother(other);
        var sessionId = await store.CreateAsync(me, name!, body.Value.ClubId, cancellationToken);
        live.Add(me);
        return TypedResults.Created($"/v1/group-sessions/{sessionId}", await views.OneAsync(sessionId, cancellationToken));
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, GroupStore store, GroupViews views, CancellationToken cancellationToken) =>
        TypedResults.Ok(new GroupSessionList(await views.ManyAsync(await store.MineAsync(user.AthleteId(), cancellationToken), cancellationToken)));

    private static async Task<IResult> GetAsync(Guid sessionId, ClaimsPrincipal user, GroupStore store, GroupViews views, CancellationToken cancellationToken) =>
        await store.MembershipAsync(sessionId, user.AthleteId(), cancellationToken) is null
            ? Problems.NotFound("group session")
            : TypedResults.Ok(await views.OneAsync(sessionId, cancellationToken));

    private static async Task<IResult> JoinAsync(Guid sessionId, HttpRequest request, ClaimsPrincipal user, GroupStore store, ClubStore clubs, LiveAthletes live,
        GroupViews views, CancellationToken cancellationToken)
    {
        Guid? activityId = null;
        if (request.ContentLength is > 0 || request.Headers.ContentType.Count > 0)
        {
            var body = await JsonBody.ReadAsync<JoinGroupSessionRequest>(request);
            if (!body.Succeeded)
                return body.Problem!;
            activityId = body.Value!.ActivityId;
        }

        var me = user.AthleteId();
        // A blocked athlete learns nothing of the session, not even that it exists; nor do non-members of a club session.
        if (await store.FindAsync(sessionId, cancellationToken) is not { } session || await store.BlockedAsync(sessionId, me, cancellationToken)
            || (session.ClubId is { } clubId && await clubs.RoleAsync(clubId, me, cancellationToken) is null && session.HostId != me))
            return Problems.NotFound("group session");
        if (!session.Live)
            return Problems.Create(StatusCodes.Status409Conflict, "Session over", $"{session.Name} is over: everyone left, or it started more than a day ago.");
        if (await store.OtherSessionAsync(me, sessionId, cancellationToken) is { } other)
            return InAnother(other);
        if (!await store.JoinAsync(sessionId, me, activityId, cancellationToken))
            return Problems.Create(StatusCodes.Status409Conflict, "Session full", "This group session has as many athletes as it may.");
        live.Add(me);
        return TypedResults.Ok(await views.OneAsync(sessionId, cancellationToken));
    }

    private static async Task<IResult> LeaveAsync(Guid sessionId, ClaimsPrincipal user, GroupStore store, CancellationToken cancellationToken)
    {
        if (await store.MembershipAsync(sessionId, user.AthleteId(), cancellationToken) is not true)
            return Problems.NotFound("group session membership");
        await store.LeaveAsync(sessionId, user.AthleteId(), cancellationToken);
        return TypedResults.NoContent();
    }

    private static IResult InAnother(Guid sessionId) => Problems.Create(StatusCodes.Status409Conflict, "In another session",
        $"An athlete is in one live group session at a time: leave {sessionId} first.");
}
