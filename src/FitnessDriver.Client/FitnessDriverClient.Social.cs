using FitnessDriver.Contracts.Api;

namespace FitnessDriver.Client;

public sealed partial class FitnessDriverClient
{
    /// <summary><c>GET /v1/athletes/{id}/relationship</c>.</summary>
    public Task<RelationshipView> GetRelationshipAsync(Guid athleteId, CancellationToken cancellationToken = default) =>
        GetAsync<RelationshipView>($"/v1/athletes/{athleteId}/relationship", cancellationToken);

    /// <summary><c>POST /v1/athletes/{id}/follow</c>: follows, or asks to when their profile is private.</summary>
    public Task<RelationshipView> FollowAsync(Guid athleteId, CancellationToken cancellationToken = default) =>
        SendAsync<RelationshipView>(HttpMethod.Post, $"/v1/athletes/{athleteId}/follow", cancellationToken);

    /// <summary><c>DELETE /v1/athletes/{id}/follow</c>.</summary>
    public Task<RelationshipView> UnfollowAsync(Guid athleteId, CancellationToken cancellationToken = default) =>
        SendAsync<RelationshipView>(HttpMethod.Delete, $"/v1/athletes/{athleteId}/follow", cancellationToken);

    /// <summary><c>POST /v1/athletes/{id}/block</c>.</summary>
    public Task<RelationshipView> BlockAsync(Guid athleteId, CancellationToken cancellationToken = default) =>
        SendAsync<RelationshipView>(HttpMethod.Post, $"/v1/athletes/{athleteId}/block", cancellationToken);

    /// <summary><c>DELETE /v1/athletes/{id}/block</c>.</summary>
    public Task<RelationshipView> UnblockAsync(Guid athleteId, CancellationToken cancellationToken = default) =>
        SendAsync<RelationshipView>(HttpMethod.Delete, $"/v1/athletes/{athleteId}/block", cancellationToken);

    /// <summary><c>GET /v1/athletes/{id}/followers</c> or <c>/following</c>.</summary>
    public Task<AthletePage> GetFollowListAsync(Guid athleteId, bool followers, string? cursor = null, int limit = 50, CancellationToken cancellationToken = default) =>
        GetAsync<AthletePage>($"/v1/athletes/{athleteId}/{(followers ? "followers" : "following")}?limit={limit}{Cursor(cursor)}", cancellationToken);

    /// <summary><c>GET /v1/me/follow-requests</c>.</summary>
    public Task<AthletePage> GetFollowRequestsAsync(CancellationToken cancellationToken = default) => GetAsync<AthletePage>("/v1/me/follow-requests", cancellationToken);

    /// <summary><c>POST /v1/me/follow-requests/{id}/accept</c> or <c>/decline</c>.</summary>
    public Task AnswerFollowRequestAsync(Guid athleteId, bool accept, CancellationToken cancellationToken = default) =>
        SendExpectingSuccessAsync(HttpMethod.Post, $"/v1/me/follow-requests/{athleteId}/{(accept ? "accept" : "decline")}", cancellationToken);

    /// <summary><c>GET /v1/me/blocks</c>.</summary>
    public Task<AthletePage> GetBlocksAsync(string? cursor = null, int limit = 50, CancellationToken cancellationToken = default) =>
        GetAsync<AthletePage>($"/v1/me/blocks?limit={limit}{Cursor(cursor)}", cancellationToken);

    /// <summary><c>GET /v1/me/comments</c>: the comments the athlete wrote, newest first.</summary>
    public Task<MyCommentPage> GetMyCommentsAsync(string? cursor = null, int limit = 50, CancellationToken cancellationToken = default) =>
        GetAsync<MyCommentPage>($"/v1/me/comments?limit={limit}{Cursor(cursor)}", cancellationToken);

    /// <summary><c>PUT /v1/me/social</c>.</summary>
    public async Task<SocialSettings> SetSocialSettingsAsync(SocialSettings settings, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Put, "/v1/me/social", settings);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<SocialSettings>(response, cancellationToken);
    }

    /// <summary><c>POST /v1/clubs</c>.</summary>
    public async Task<ClubView> CreateClubAsync(CreateClubRequest club, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, "/v1/clubs", club);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<ClubView>(response, cancellationToken);
    }

    /// <summary><c>GET /v1/clubs</c> (the athlete's clubs and invitations) or, with <paramref name="search"/>, public clubs by name.</summary>
    public Task<ClubList> ListClubsAsync(string? search = null, CancellationToken cancellationToken = default) =>
        GetAsync<ClubList>(search is null ? "/v1/clubs" : $"/v1/clubs?q={Uri.EscapeDataString(search)}", cancellationToken);

    /// <summary><c>GET /v1/clubs/{id}</c>.</summary>
    public Task<ClubView> GetClubAsync(Guid clubId, CancellationToken cancellationToken = default) => GetAsync<ClubView>($"/v1/clubs/{clubId}", cancellationToken);

    /// <summary><c>POST /v1/clubs/{id}/join</c>.</summary>
    public Task<ClubView> JoinClubAsync(Guid clubId, CancellationToken cancellationToken = default) =>
        SendAsync<ClubView>(HttpMethod.Post, $"/v1/clubs/{clubId}/join", cancellationToken);

    /// <summary><c>POST /v1/clubs/{id}/leave</c>.</summary>
    public Task LeaveClubAsync(Guid clubId, CancellationToken cancellationToken = default) =>
        SendExpectingSuccessAsync(HttpMethod.Post, $"/v1/clubs/{clubId}/leave", cancellationToken);

    /// <summary><c>POST /v1/clubs/{id}/invites</c>.</summary>
    public async Task InviteToClubAsync(Guid clubId, Guid athleteId, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, $"/v1/clubs/{clubId}/invites", new ClubInviteRequest(athleteId));
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary><c>PUT /v1/clubs/{id}/members/{athleteId}</c>.</summary>
    public async Task SetClubRoleAsync(Guid clubId, Guid athleteId, string role, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Put, $"/v1/clubs/{clubId}/members/{athleteId}", new ClubRoleRequest(role));
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary><c>DELETE /v1/clubs/{id}/members/{athleteId}</c>.</summary>
    public Task RemoveClubMemberAsync(Guid clubId, Guid athleteId, CancellationToken cancellationToken = default) =>
        SendExpectingSuccessAsync(HttpMethod.Delete, $"/v1/clubs/{clubId}/members/{athleteId}", cancellationToken);

    /// <summary><c>GET /v1/clubs/{id}/members</c>.</summary>
    public Task<AthletePage> GetClubMembersAsync(Guid clubId, string? cursor = null, int limit = 50, CancellationToken cancellationToken = default) =>
        GetAsync<AthletePage>($"/v1/clubs/{clubId}/members?limit={limit}{Cursor(cursor)}", cancellationToken);

    /// <summary><c>GET /v1/clubs/{id}/leaderboard</c>: this week's.</summary>
    public Task<List<ClubLeaderboardEntry>> GetClubLeaderboardAsync(Guid clubId, CancellationToken cancellationToken = default) =>
        GetAsync<List<ClubLeaderboardEntry>>($"/v1/clubs/{clubId}/leaderboard", cancellationToken);

    /// <summary><c>GET /v1/clubs/{id}/feed</c>.</summary>
    public Task<FeedPage> GetClubFeedAsync(Guid clubId, string? cursor = null, int limit = 30, CancellationToken cancellationToken = default) =>
        GetAsync<FeedPage>($"/v1/clubs/{clubId}/feed?limit={limit}{Cursor(cursor)}", cancellationToken);

    /// <summary><c>GET /v1/feed</c>: what the athlete and those they follow and their clubs did, newest first.</summary>
    public Task<FeedPage> GetFeedAsync(string? cursor = null, int limit = 30, CancellationToken cancellationToken = default) =>
        GetAsync<FeedPage>($"/v1/feed?limit={limit}{Cursor(cursor)}", cancellationToken);

    /// <summary><c>POST</c> (or, with <paramref name="give"/> false, <c>DELETE</c>) <c>/v1/feed/{itemId}/kudos</c>.</summary>
    public Task<FeedItem> KudosAsync(Guid itemId, bool give = true, CancellationToken cancellationToken = default) =>
        SendAsync<FeedItem>(give ? HttpMethod.Post : HttpMethod.Delete, $"/v1/feed/{itemId}/kudos", cancellationToken);

    /// <summary><c>GET /v1/feed/{itemId}/comments</c>.</summary>
    public Task<CommentList> GetCommentsAsync(Guid itemId, CancellationToken cancellationToken = default) =>
        GetAsync<CommentList>($"/v1/feed/{itemId}/comments", cancellationToken);

    /// <summary><c>POST /v1/feed/{itemId}/comments</c>.</summary>
    public async Task<CommentView> CommentAsync(Guid itemId, string text, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, $"/v1/feed/{itemId}/comments", new CommentRequest(text));
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<CommentView>(response, cancellationToken);
    }

    /// <summary><c>DELETE /v1/feed/{itemId}/comments/{commentId}</c>, as an admin of <paramref name="clubId"/> when given.</summary>
    public Task DeleteCommentAsync(Guid itemId, Guid commentId, Guid? clubId = null, CancellationToken cancellationToken = default) =>
        SendExpectingSuccessAsync(HttpMethod.Delete, $"/v1/feed/{itemId}/comments/{commentId}{(clubId is { } club ? $"?clubId={club}" : "")}", cancellationToken);

    /// <summary><c>POST /v1/feed/{itemId}/comments/{commentId}/report</c>.</summary>
    public async Task ReportCommentAsync(Guid itemId, Guid commentId, string reason, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, $"/v1/feed/{itemId}/comments/{commentId}/report", new ReportRequest(reason));
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary><c>PUT /v1/me/notification-settings</c>.</summary>
    public async Task<NotificationSettings> SetNotificationSettingsAsync(NotificationSettings settings, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Put, "/v1/me/notification-settings", settings);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<NotificationSettings>(response, cancellationToken);
    }

    private static string Cursor(string? cursor) => cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        using var response = await SendAsync(request, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }
}
