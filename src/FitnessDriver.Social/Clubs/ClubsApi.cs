using System.Security.Claims;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Api;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.Social.Feed;
using FitnessDriver.Social.Notices;
using FitnessDriver.Social.Relationships;

namespace FitnessDriver.Social.Clubs;

/// <summary>Clubs: create, find, join, leave, invite, roles, members, the week's leaderboard and the club's feed.</summary>
public static class ClubsApi
{
    private static readonly string[] Accesses = ["public", "invite-only"];

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapClubsApi(this IEndpointRouteBuilder routes)
    {
        var clubs = routes.MapGroup("/v1/clubs").RequireAuthorization().WithTags("Clubs");
        clubs.MapPost("", CreateAsync).Produces<ClubView>(StatusCodes.Status201Created);
        clubs.MapGet("", ListAsync).Produces<ClubList>();
        clubs.MapGet("/{clubId:guid}", GetAsync).Produces<ClubView>();
        clubs.MapPost("/{clubId:guid}/join", JoinAsync).Produces<ClubView>();
        clubs.MapPost("/{clubId:guid}/leave", LeaveAsync).Produces<ClubView>();
        clubs.MapPost("/{clubId:guid}/invites", InviteAsync);
        clubs.MapGet("/{clubId:guid}/members", MembersAsync).Produces<AthletePage>();
        clubs.MapPut("/{clubId:guid}/members/{athleteId:guid}", SetRoleAsync).Produces<ClubView>();
        clubs.MapDelete("/{clubId:guid}/members/{athleteId:guid}", RemoveAsync);
        clubs.MapGet("/{clubId:guid}/leaderboard", LeaderboardAsync).Produces<IReadOnlyList<ClubLeaderboardEntry>>();
        clubs.MapGet("/{clubId:guid}/feed", FeedAsync).Produces<FeedPage>();
        return routes;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ClaimsPrincipal user, ClubStore store, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CreateClubRequest>(request);
        if (!body.Succeeded)
            return body.Problem!;
        var errors = new ValidationErrors();
        var name = TextFields.Clean(body.Value!.Name, "name", 100, errors, required: true);
        var description = TextFields.Clean(body.Value.Description, "description", 1000, errors);
        var access = body.Value.Access ?? "public";
        if (!Accesses.Contains(access))
            errors.Add("access", "must be public or invite-only");
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid club", errors.ToDictionary());
        var clubId = await store.CreateAsync(user.AthleteId(), name!, description, access, cancellationToken);
        return TypedResults.Created($"/v1/clubs/{clubId}", await store.FindAsync(clubId, user.AthleteId(), cancellationToken));
    }

    private static async Task<IResult> ListAsync(string? q, ClaimsPrincipal user, ClubStore store, CancellationToken cancellationToken)
    {
        if (q is null)
            return TypedResults.Ok(new ClubList(await store.MineAsync(user.AthleteId(), cancellationToken)));
        if (q.Trim().Length is < 1 or > 100)
            return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid query", new Dictionary<string, string[]> { ["q"] = ["must be 1 to 100 characters"] });
        return TypedResults.Ok(new ClubList(await store.SearchAsync(user.AthleteId(), q.Trim(), cancellationToken)));
    }

    private static async Task<IResult> GetAsync(Guid clubId, ClaimsPrincipal user, ClubStore store, CancellationToken cancellationToken) =>
        await VisibleClubAsync(clubId, user, store, cancellationToken) is { } club ? TypedResults.Ok(club) : Problems.NotFound("club");

    private static async Task<IResult> JoinAsync(Guid clubId, ClaimsPrincipal user, ClubStore store, CancellationToken cancellationToken)
    {
        if (await VisibleClubAsync(clubId, user, store, cancellationToken) is not { } club)
            return Problems.NotFound("club");
        if (club.Role is null)
        {
            if (club.Access != "public" && !club.Invited)
                return Problems.Create(StatusCodes.Status403Forbidden, "Invitation needed", "This club is invite-only: ask one of its admins for an invitation.");
            if (!await store.JoinAsync(clubId, user.AthleteId(), cancellationToken))
                return Problems.Create(StatusCodes.Status409Conflict, "Too many clubs", $"An athlete can be in at most {ClubStore.MaxClubsPerAthlete} clubs: leave one first.");
        }

        return TypedResults.Ok(await store.FindAsync(clubId, user.AthleteId(), cancellationToken));
    }

    private static async Task<IResult> LeaveAsync(Guid clubId, ClaimsPrincipal user, ClubStore store, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(clubId, user.AthleteId(), cancellationToken) is not { Role: not null })
            return Problems.NotFound("club membership");
        await store.LeaveAsync(clubId, user.AthleteId(), cancellationToken);
        return await store.FindAsync(clubId, user.AthleteId(), cancellationToken) is { } club ? TypedResults.Ok(club) : TypedResults.NoContent();
    }

    private static async Task<IResult> InviteAsync(Guid clubId, HttpRequest request, ClaimsPrincipal user, ClubStore store, RelationshipStore relationships,
        IDisplayNames names, SocialDatabase database, SocialNoticePublisher publisher, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ClubInviteRequest>(request);
        if (!body.Succeeded)
            return body.Problem!;
        if (body.Value!.AthleteId is not { } invitee)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid invitation", new Dictionary<string, string[]> { ["athleteId"] = ["is required"] });
        var me = user.AthleteId();
        if (await store.FindAsync(clubId, me, cancellationToken) is not { Role: not null } club)
            return Problems.NotFound("club");
        if (club.Role == "member")
            return Problems.Create(StatusCodes.Status403Forbidden, "Admins only", "Only the club's owner and admins invite.");
        var found = await names.FindAsync([me, invitee], cancellationToken);
        if (!found.ContainsKey(invitee) || (await relationships.BlocksAsync(me, invitee, cancellationToken)) is { TheyBlock: true } or { IBlock: true })
            return Problems.NotFound("athlete");

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await ClubStore.InviteAsync(connection, transaction, clubId, invitee, me, cancellationToken))
        {
            var payload = SocialNotices.From(me, found.GetValueOrDefault(me));
            payload["clubId"] = clubId.ToString();
            payload["name"] = club.Name;
            await SocialNotices.AddAsync(connection, transaction, invitee, SocialNoticeTypes.ClubInvite, clubId.ToString(), payload, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        publisher.Wake();
        return TypedResults.NoContent();
    }

    private static async Task<IResult> MembersAsync(Guid clubId, string? cursor, int? limit, ClaimsPrincipal user, ClubStore store, IDisplayNames names,
        CancellationToken cancellationToken)
    {
        if (Paging.Check(cursor, limit, out var after) is { } invalid)
            return invalid;
        if (await VisibleClubAsync(clubId, user, store, cancellationToken) is null)
            return Problems.NotFound("club");
        var (items, next) = await store.MembersAsync(clubId, after, limit ?? Paging.DefaultLimit, cancellationToken);
        var found = await names.FindAsync([.. items.Select(i => i.AthleteId)], cancellationToken);
        return TypedResults.Ok(new AthletePage([.. items.Select(i => i with { DisplayName = found.GetValueOrDefault(i.AthleteId) })], next?.ToString()));
    }

    private static async Task<IResult> SetRoleAsync(Guid clubId, Guid athleteId, HttpRequest request, ClaimsPrincipal user, ClubStore store, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ClubRoleRequest>(request);
        if (!body.Succeeded)
            return body.Problem!;
        if (body.Value!.Role is not ("admin" or "member"))
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid role", new Dictionary<string, string[]> { ["role"] = ["must be admin or member"] });
        if (await store.FindAsync(clubId, user.AthleteId(), cancellationToken) is not { Role: not null } club)
            return Problems.NotFound("club");
        if (club.Role != "owner")
            return Problems.Create(StatusCodes.Status403Forbidden, "Owner only", "Only the club's owner changes roles.");
        return await store.SetRoleAsync(clubId, athleteId, body.Value.Role, cancellationToken)
            ? TypedResults.Ok(await store.FindAsync(clubId, athleteId, cancellationToken))
            : Problems.NotFound("member");
    }

    private static async Task<IResult> RemoveAsync(Guid clubId, Guid athleteId, ClaimsPrincipal user, ClubStore store, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(clubId, user.AthleteId(), cancellationToken) is not { Role: not null } club)
            return Problems.NotFound("club");
        var theirs = await store.RoleAsync(clubId, athleteId, cancellationToken);
        if (theirs is null)
            return Problems.NotFound("member");
        // Admins remove members; the owner removes anyone but themself (who leaves instead).
        if (club.Role == "member" || theirs == "owner" || (club.Role == "admin" && theirs == "admin"))
            return Problems.Create(StatusCodes.Status403Forbidden, "Not allowed", "Admins remove members; only the owner removes admins.");
        await store.LeaveAsync(clubId, athleteId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> LeaderboardAsync(Guid clubId, ClaimsPrincipal user, ClubStore store, FeedQueries feed, IDisplayNames names, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await VisibleClubAsync(clubId, user, store, cancellationToken) is null)
            return Problems.NotFound("club");
        var now = clock.GetUtcNow().UtcDateTime;
        var weekStart = now.Date.AddDays(-(((int)now.DayOfWeek + 6) % 7));
        var rows = await feed.ClubWeekAsync(clubId, user.AthleteId(), weekStart, cancellationToken);
        var found = await names.FindAsync([.. rows.Select(r => r.AthleteId)], cancellationToken);
        return TypedResults.Ok(rows.Select(r => r with { DisplayName = found.GetValueOrDefault(r.AthleteId) }).ToList());
    }

    private static async Task<IResult> FeedAsync(Guid clubId, string? cursor, int? limit, ClaimsPrincipal user, ClubStore store, FeedQueries feed, IDisplayNames names,
        CancellationToken cancellationToken)
    {
        if (Paging.Check(cursor, limit, out var after) is { } invalid)
            return invalid;
        if (await VisibleClubAsync(clubId, user, store, cancellationToken) is null)
            return Problems.NotFound("club");
        return TypedResults.Ok(await feed.PageAsync(user.AthleteId(), clubId, after, limit ?? 30, names, cancellationToken));
    }

    /// <summary>An invite-only club shows itself to its members and invitees only.</summary>
    private static async Task<ClubView?> VisibleClubAsync(Guid clubId, ClaimsPrincipal user, ClubStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(clubId, user.AthleteId(), cancellationToken) is { } club && (club.Access == "public" || club.Role is not null || club.Invited)
            ? club
            : null;
}
