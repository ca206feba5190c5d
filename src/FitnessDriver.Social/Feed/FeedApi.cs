using System.Security.Claims;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Api;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.ServiceDefaults.Privacy;
using FitnessDriver.Social.Clubs;
using FitnessDriver.Social.Notices;

namespace FitnessDriver.Social.Feed;

/// <summary>The feed, kudos, comments and reports.</summary>
public static class FeedApi
{
    private const int MaxCommentLength = 1000;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapFeedApi(this IEndpointRouteBuilder routes)
    {
        var feed = routes.MapGroup("/v1/feed").RequireAuthorization().WithTags("Feed");
        feed.MapGet("", PageAsync).Produces<FeedPage>();
        feed.MapGet("/{itemId:guid}", GetAsync).Produces<FeedItem>();
        feed.MapPost("/{itemId:guid}/kudos", (Guid itemId, ClaimsPrincipal user, FeedQueries queries, CommentStore store, IDisplayNames names, SocialDatabase database,
            SocialNoticePublisher publisher, CancellationToken cancellationToken) => KudosAsync(itemId, give: true, user, queries, store, names, database, publisher, cancellationToken))
            .Produces<FeedItem>();
        feed.MapDelete("/{itemId:guid}/kudos", (Guid itemId, ClaimsPrincipal user, FeedQueries queries, CommentStore store, IDisplayNames names, SocialDatabase database,
            SocialNoticePublisher publisher, CancellationToken cancellationToken) => KudosAsync(itemId, give: false, user, queries, store, names, database, publisher, cancellationToken))
            .Produces<FeedItem>();
        feed.MapGet("/{itemId:guid}/kudos", KudosListAsync).Produces<AthletePage>();
        feed.MapGet("/{itemId:guid}/comments", CommentsAsync).Produces<CommentList>();
        feed.MapPost("/{itemId:guid}/comments", CommentAsync).Produces<CommentView>(StatusCodes.Status201Created);
        feed.MapDelete("/{itemId:guid}/comments/{commentId:guid}", DeleteCommentAsync);
        feed.MapPost("/{itemId:guid}/comments/{commentId:guid}/report", ReportAsync);
        routes.MapGet("/v1/me/comments", async (string? cursor, int? limit, ClaimsPrincipal user, CommentStore store, CancellationToken cancellationToken) =>
        {
            if (Paging.Check(cursor, limit, out var after) is { } invalid)
                return invalid;
            var (items, next) = await store.WrittenByAsync(user.AthleteId(), after, limit ?? Paging.DefaultLimit, cancellationToken);
            return TypedResults.Ok(new MyCommentPage(items, next?.ToString()));
        }).RequireAuthorization().WithTags("Feed").Produces<MyCommentPage>();
        return routes;
    }

    private static async Task<IResult> PageAsync(string? cursor, int? limit, ClaimsPrincipal user, FeedQueries queries, IDisplayNames names, CancellationToken cancellationToken)
    {
        if (Paging.Check(cursor, limit, out var after) is { } invalid)
            return invalid;
        return TypedResults.Ok(await queries.PageAsync(user.AthleteId(), null, after, limit ?? 30, names, cancellationToken));
    }

    private static async Task<IResult> GetAsync(Guid itemId, ClaimsPrincipal user, FeedQueries queries, IDisplayNames names, CancellationToken cancellationToken) =>
        await queries.FindAsync(user.AthleteId(), itemId, cancellationToken) is { } item
            ? TypedResults.Ok(item with { DisplayName = (await names.FindAsync([item.AthleteId], cancellationToken)).GetValueOrDefault(item.AthleteId) })
            : Problems.NotFound("feed item");

    private static async Task<IResult> KudosAsync(Guid itemId, bool give, ClaimsPrincipal user, FeedQueries queries, CommentStore store, IDisplayNames names,
        SocialDatabase database, SocialNoticePublisher publisher, CancellationToken cancellationToken)
    {
        var me = user.AthleteId();
        if (await queries.FindAsync(me, itemId, cancellationToken) is not { } item)
            return Problems.NotFound("feed item");
        if (item.AthleteId == me)
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "Your own", "Kudos are for what others did.");

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!give)
            await CommentStore.TakeKudosAsync(connection, transaction, itemId, me, cancellationToken);
        else if (await CommentStore.GiveKudosAsync(connection, transaction, itemId, me, cancellationToken))
        {
            var payload = SocialNotices.From(me, (await names.FindAsync([me], cancellationToken)).GetValueOrDefault(me));
            payload["itemId"] = itemId.ToString();
            await SocialNotices.AddAsync(connection, transaction, item.AthleteId, SocialNoticeTypes.Kudos, $"{itemId}:{me}", payload, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        publisher.Wake();
        return await GetAsync(itemId, user, queries, names, cancellationToken);
    }

    private static async Task<IResult> KudosListAsync(Guid itemId, string? cursor, int? limit, ClaimsPrincipal user, FeedQueries queries, CommentStore store,
        IDisplayNames names, CancellationToken cancellationToken)
    {
        if (Paging.Check(cursor, limit, out var after) is { } invalid)
            return invalid;
        if (await queries.FindAsync(user.AthleteId(), itemId, cancellationToken) is null)
            return Problems.NotFound("feed item");
        var (items, next) = await store.KudosAsync(itemId, user.AthleteId(), after, limit ?? Paging.DefaultLimit, cancellationToken);
        var found = await names.FindAsync([.. items.Select(i => i.AthleteId)], cancellationToken);
        return TypedResults.Ok(new AthletePage([.. items.Select(i => i with { DisplayName = found.GetValueOrDefault(i.AthleteId) })], next?.ToString()));
    }

    private static async Task<IResult> CommentsAsync(Guid itemId, ClaimsPrincipal user, FeedQueries queries, CommentStore store, IDisplayNames names,
        CancellationToken cancellationToken)
    {
        if (await queries.FindAsync(user.AthleteId(), itemId, cancellationToken) is null)
            return Problems.NotFound("feed item");
        var comments = await store.ListAsync(itemId, user.AthleteId(), cancellationToken);
        var found = await names.FindAsync([.. comments.Select(c => c.AthleteId).Distinct()], cancellationToken);
        return TypedResults.Ok(new CommentList([.. comments.Select(c => c with { DisplayName = found.GetValueOrDefault(c.AthleteId) })]));
    }

    private static async Task<IResult> CommentAsync(Guid itemId, HttpRequest request, ClaimsPrincipal user, FeedQueries queries, IDisplayNames names, IAthleteKeys keys,
        SocialDatabase database, SocialNoticePublisher publisher, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CommentRequest>(request);
        if (!body.Succeeded)
            return body.Problem!;
        var errors = new ValidationErrors();
        var text = TextFields.Clean(body.Value!.Text, "text", MaxCommentLength, errors, required: true);
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid comment", errors.ToDictionary());
        var me = user.AthleteId();
        if (await queries.FindAsync(me, itemId, cancellationToken) is not { } item)
            return Problems.NotFound("feed item");
        if (await keys.FindAsync(me, cancellationToken) is not { } key)
            return Problems.Create(StatusCodes.Status401Unauthorized, "Unknown athlete", "This athlete no longer exists.");

        var myName = (await names.FindAsync([me], cancellationToken)).GetValueOrDefault(me);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var comment = await CommentStore.AddAsync(connection, transaction, itemId, me, key, text!, cancellationToken);
        if (item.AthleteId != me)
        {
            var payload = SocialNotices.From(me, myName);
            payload["itemId"] = itemId.ToString();
            payload["commentId"] = comment.CommentId.ToString();
            await SocialNotices.AddAsync(connection, transaction, item.AthleteId, SocialNoticeTypes.Comment, comment.CommentId.ToString(), payload, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        publisher.Wake();
        return TypedResults.Created($"/v1/feed/{itemId}/comments/{comment.CommentId}", comment with { DisplayName = myName });
    }

    /// <summary>Its writer, the item's athlete, or (with <c>clubId</c>) an admin of a club whose feed carries the item may delete a comment.</summary>
    private static async Task<IResult> DeleteCommentAsync(Guid itemId, Guid commentId, Guid? clubId, ClaimsPrincipal user, FeedQueries queries, CommentStore store,
        ClubStore clubs, CancellationToken cancellationToken)
    {
        var me = user.AthleteId();
        if (await queries.FindAsync(me, itemId, cancellationToken) is not { } item || await store.WriterAsync(itemId, commentId, cancellationToken) is not { } writer)
            return Problems.NotFound("comment");
        var allowed = writer == me || item.AthleteId == me
            || (clubId is { } club && await clubs.RoleAsync(club, me, cancellationToken) is "owner" or "admin" && await store.InClubFeedAsync(club, itemId, cancellationToken));
        if (!allowed)
            return Problems.Create(StatusCodes.Status403Forbidden, "Not yours", "Comments are deleted by their writer, the item's athlete, or the admins of a club it is shown in.");
        await store.DeleteAsync(commentId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ReportAsync(Guid itemId, Guid commentId, HttpRequest request, ClaimsPrincipal user, FeedQueries queries, CommentStore store,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ReportRequest>(request);
        if (!body.Succeeded)
            return body.Problem!;
        var errors = new ValidationErrors();
        var reason = TextFields.Clean(body.Value!.Reason, "reason", 500, errors, required: true);
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid report", errors.ToDictionary());
        if (await queries.FindAsync(user.AthleteId(), itemId, cancellationToken) is null || await store.WriterAsync(itemId, commentId, cancellationToken) is null)
            return Problems.NotFound("comment");
        await store.ReportAsync(commentId, user.AthleteId(), reason!, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }
}
