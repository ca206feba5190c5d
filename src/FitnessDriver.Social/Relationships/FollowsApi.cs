using System.Security.Claims;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Api;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.Social.Notices;

namespace FitnessDriver.Social.Relationships;

/// <summary>Follows, follow requests, blocks and the private-profile setting.</summary>
public static class FollowsApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapFollowsApi(this IEndpointRouteBuilder routes)
    {
        var athletes = routes.MapGroup("/v1/athletes/{athleteId:guid}").RequireAuthorization().WithTags("Social");
        athletes.MapGet("/relationship", RelationshipAsync).Produces<RelationshipView>();
        athletes.MapPost("/follow", FollowAsync).Produces<RelationshipView>();
        athletes.MapDelete("/follow", UnfollowAsync).Produces<RelationshipView>();
        athletes.MapPost("/block", BlockAsync).Produces<RelationshipView>();
        athletes.MapDelete("/block", UnblockAsync).Produces<RelationshipView>();
        athletes.MapGet("/followers", (Guid athleteId, string? cursor, int? limit, ClaimsPrincipal user, RelationshipStore store, IDisplayNames names,
            CancellationToken cancellationToken) => ListOfAsync(AthleteListKind.Followers, athleteId, cursor, limit, user, store, names, cancellationToken)).Produces<AthletePage>();
        athletes.MapGet("/following", (Guid athleteId, string? cursor, int? limit, ClaimsPrincipal user, RelationshipStore store, IDisplayNames names,
            CancellationToken cancellationToken) => ListOfAsync(AthleteListKind.Following, athleteId, cursor, limit, user, store, names, cancellationToken)).Produces<AthletePage>();

        var me = routes.MapGroup("/v1/me").RequireAuthorization().WithTags("Social");
        me.MapGet("/follow-requests", (string? cursor, int? limit, ClaimsPrincipal user, RelationshipStore store, IDisplayNames names, CancellationToken cancellationToken) =>
            PageAsync(AthleteListKind.Requests, user.AthleteId(), cursor, limit, store, names, cancellationToken)).Produces<AthletePage>();
        me.MapPost("/follow-requests/{athleteId:guid}/accept", AcceptAsync).Produces<RelationshipView>();
        me.MapPost("/follow-requests/{athleteId:guid}/decline", (Guid athleteId, ClaimsPrincipal user, RelationshipStore store, CancellationToken cancellationToken) =>
            RemoveFollowerAsync(athleteId, user, store, onlyRequests: true, cancellationToken));
        me.MapDelete("/followers/{athleteId:guid}", (Guid athleteId, ClaimsPrincipal user, RelationshipStore store, CancellationToken cancellationToken) =>
            RemoveFollowerAsync(athleteId, user, store, onlyRequests: false, cancellationToken));
        me.MapGet("/blocks", (string? cursor, int? limit, ClaimsPrincipal user, RelationshipStore store, IDisplayNames names, CancellationToken cancellationToken) =>
            PageAsync(AthleteListKind.Blocks, user.AthleteId(), cursor, limit, store, names, cancellationToken)).Produces<AthletePage>();
        me.MapGet("/social", async (ClaimsPrincipal user, RelationshipStore store, CancellationToken cancellationToken) =>
            TypedResults.Ok(new SocialSettings(await store.IsPrivateAsync(user.AthleteId(), cancellationToken)))).Produces<SocialSettings>();
        me.MapPut("/social", PutSettingsAsync).Produces<SocialSettings>();
        return routes;
    }

    private static async Task<IResult> RelationshipAsync(Guid athleteId, ClaimsPrincipal user, RelationshipStore store, IDisplayNames names, CancellationToken cancellationToken)
    {
        if (await VisibleAthleteAsync(athleteId, user, store, names, cancellationToken) is not { } name)
            return Problems.NotFound("athlete");
        return TypedResults.Ok(await ViewAsync(user.AthleteId(), athleteId, name, store, cancellationToken));
    }

    private static async Task<IResult> FollowAsync(Guid athleteId, ClaimsPrincipal user, RelationshipStore store, IDisplayNames names, SocialDatabase database,
        SocialNoticePublisher publisher, CancellationToken cancellationToken)
    {
        var me = user.AthleteId();
        if (athleteId == me)
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "Cannot follow yourself", "An athlete cannot follow themself.");
        if (await VisibleAthleteAsync(athleteId, user, store, names, cancellationToken) is not { } name)
            return Problems.NotFound("athlete");
        if ((await store.BlocksAsync(me, athleteId, cancellationToken)).IBlock)
            return Problems.Create(StatusCodes.Status409Conflict, "Blocked", "You block this athlete: unblock them first.");

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (created, accepted) = await RelationshipStore.FollowAsync(connection, transaction, me, athleteId, cancellationToken);
        if (created)
        {
            var myName = (await names.FindAsync([me], cancellationToken)).GetValueOrDefault(me);
            await SocialNotices.AddAsync(connection, transaction, athleteId, accepted ? SocialNoticeTypes.Follow : SocialNoticeTypes.FollowRequest, me.ToString(),
                SocialNotices.From(me, myName), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        publisher.Wake();
        return TypedResults.Ok(await ViewAsync(me, athleteId, name, store, cancellationToken));
    }

    private static async Task<IResult> UnfollowAsync(Guid athleteId, ClaimsPrincipal user, RelationshipStore store, IDisplayNames names, CancellationToken cancellationToken)
    {
        await store.UnfollowAsync(user.AthleteId(), athleteId, onlyRequests: false, cancellationToken);
        return await RelationshipAsync(athleteId, user, store, names, cancellationToken);
    }

    private static async Task<IResult> AcceptAsync(Guid athleteId, ClaimsPrincipal user, RelationshipStore store, IDisplayNames names, SocialDatabase database,
        SocialNoticePublisher publisher, CancellationToken cancellationToken)
    {
        var me = user.AthleteId();
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await RelationshipStore.AcceptAsync(connection, transaction, me, athleteId, cancellationToken))
            return Problems.NotFound("follow request");
        var found = await names.FindAsync([me, athleteId], cancellationToken);
        await SocialNotices.AddAsync(connection, transaction, athleteId, SocialNoticeTypes.FollowAccepted, me.ToString(),
            SocialNotices.From(me, found.GetValueOrDefault(me)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        publisher.Wake();
        return TypedResults.Ok(await ViewAsync(me, athleteId, found.GetValueOrDefault(athleteId), store, cancellationToken));
    }

    private static async Task<IResult> RemoveFollowerAsync(Guid athleteId, ClaimsPrincipal user, RelationshipStore store, bool onlyRequests, CancellationToken cancellationToken) =>
        await store.UnfollowAsync(athleteId, user.AthleteId(), onlyRequests, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound(onlyRequests ? "follow request" : "follower");

    private static async Task<IResult> BlockAsync(Guid athleteId, ClaimsPrincipal user, RelationshipStore store, IDisplayNames names, CancellationToken cancellationToken)
    {
        if (athleteId == user.AthleteId())
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "Cannot block yourself", "An athlete cannot block themself.");
        var found = await names.FindAsync([athleteId], cancellationToken);
        if (!found.TryGetValue(athleteId, out var name))
            return Problems.NotFound("athlete");
        await store.BlockAsync(user.AthleteId(), athleteId, cancellationToken);
        return TypedResults.Ok(await ViewAsync(user.AthleteId(), athleteId, name, store, cancellationToken));
    }

    private static async Task<IResult> UnblockAsync(Guid athleteId, ClaimsPrincipal user, RelationshipStore store, IDisplayNames names, CancellationToken cancellationToken)
    {
        await store.UnblockAsync(user.AthleteId(), athleteId, cancellationToken);
        var found = await names.FindAsync([athleteId], cancellationToken);
        return TypedResults.Ok(await ViewAsync(user.AthleteId(), athleteId, found.GetValueOrDefault(athleteId), store, cancellationToken));
    }

    private static async Task<IResult> PutSettingsAsync(HttpRequest request, ClaimsPrincipal user, RelationshipStore store, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<SocialSettings>(request);
        if (!body.Succeeded)
            return body.Problem!;
        if (body.Value!.PrivateProfile is not { } privateProfile)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid settings", new Dictionary<string, string[]> { ["privateProfile"] = ["is required: true or false"] });
        await store.SetPrivateAsync(user.AthleteId(), privateProfile, cancellationToken);
        return TypedResults.Ok(new SocialSettings(privateProfile));
    }

    private static async Task<IResult> ListOfAsync(AthleteListKind kind, Guid athleteId, string? cursor, int? limit, ClaimsPrincipal user, RelationshipStore store,
        IDisplayNames names, CancellationToken cancellationToken)
    {
        // Whom a private athlete follows and who follows them is theirs to show: to their followers only.
        if (await VisibleAthleteAsync(athleteId, user, store, names, cancellationToken) is null
            || !(await store.StandingAsync(user.AthleteId(), athleteId, cancellationToken)).MaySee(Contracts.Visibility.Everyone))
            return Problems.NotFound("athlete");
        return await PageAsync(kind, athleteId, cursor, limit, store, names, cancellationToken);
    }

    private static async Task<IResult> PageAsync(AthleteListKind kind, Guid athleteId, string? cursor, int? limit, RelationshipStore store, IDisplayNames names,
        CancellationToken cancellationToken)
    {
        if (Paging.Check(cursor, limit, out var after) is { } invalid)
            return invalid;
        var (items, next) = await store.ListAsync(kind, athleteId, after, limit ?? Paging.DefaultLimit, cancellationToken);
        var found = await names.FindAsync([.. items.Select(i => i.AthleteId)], cancellationToken);
        return TypedResults.Ok(new AthletePage([.. items.Select(i => i with { DisplayName = found.GetValueOrDefault(i.AthleteId) })], next?.ToString()));
    }

    /// <summary>The athlete's display name, or null when there is no such athlete or they block the caller (who then sees nothing of them).</summary>
    private static async Task<string?> VisibleAthleteAsync(Guid athleteId, ClaimsPrincipal user, RelationshipStore store, IDisplayNames names, CancellationToken cancellationToken)
    {
        if ((await store.BlocksAsync(user.AthleteId(), athleteId, cancellationToken)).TheyBlock)
            return null;
        return (await names.FindAsync([athleteId], cancellationToken)).GetValueOrDefault(athleteId);
    }

    private static async Task<RelationshipView> ViewAsync(Guid me, Guid athleteId, string? name, RelationshipStore store, CancellationToken cancellationToken) =>
        await store.ViewAsync(me, athleteId, cancellationToken) with { DisplayName = name };
}
