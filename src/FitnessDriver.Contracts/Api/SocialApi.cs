using System.Text.Json.Nodes;

namespace FitnessDriver.Contracts.Api;

/// <summary>How the caller and another athlete stand.</summary>
/// <param name="AthleteId">The other athlete.</param>
/// <param name="DisplayName">Their display name.</param>
/// <param name="Following">Whether the caller follows them: <c>none</c>, <c>requested</c> (waiting for their approval) or <c>following</c>.</param>
/// <param name="FollowsYou">Whether they follow the caller (an accepted follow).</param>
/// <param name="Blocking">Whether the caller blocks them.</param>
/// <param name="PrivateProfile">Whether following them needs their approval.</param>
/// <param name="Followers">How many follow them.</param>
/// <param name="FollowingCount">How many they follow.</param>
public sealed record RelationshipView(Guid AthleteId, string? DisplayName, string Following, bool FollowsYou, bool Blocking, bool PrivateProfile,
    long Followers, long FollowingCount);

/// <summary>An athlete in a list (followers, following, requests, blocks, club members).</summary>
/// <param name="AthleteId">The athlete.</param>
/// <param name="DisplayName">Their display name.</param>
/// <param name="Since">ISO-8601: when the relation began.</param>
/// <param name="Role">In a club's member list: owner, admin or member.</param>
public sealed record AthleteCard(Guid AthleteId, string? DisplayName, string Since, string? Role = null);

/// <summary>A page of athletes; <c>cursor</c> asks for the next one, absent at the end.</summary>
public sealed record AthletePage(IReadOnlyList<AthleteCard> Items, string? Cursor);

/// <summary><c>GET/PUT /v1/me/social</c>: whether following the athlete needs their approval.</summary>
public sealed record SocialSettings(bool? PrivateProfile);

/// <summary><c>POST /v1/clubs</c> body.</summary>
/// <param name="Name">1–100 characters.</param>
/// <param name="Description">Up to 1,000 characters.</param>
/// <param name="Access"><c>public</c> (anyone may join; the default) or <c>invite-only</c>.</param>
public sealed record CreateClubRequest(string? Name, string? Description, string? Access);

/// <summary>A club as the caller sees it.</summary>
/// <param name="ClubId">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Description">Its description.</param>
/// <param name="Access"><c>public</c> or <c>invite-only</c>.</param>
/// <param name="Members">How many members it has.</param>
/// <param name="Role">The caller's role (owner, admin, member), absent when not a member.</param>
/// <param name="Invited">Whether the caller has an invitation waiting.</param>
/// <param name="CreatedAt">ISO-8601.</param>
public sealed record ClubView(Guid ClubId, string Name, string? Description, string Access, long Members, string? Role, bool Invited, string CreatedAt);

/// <summary>A list of clubs.</summary>
public sealed record ClubList(IReadOnlyList<ClubView> Items);

/// <summary><c>POST /v1/clubs/{id}/invites</c> body.</summary>
public sealed record ClubInviteRequest(Guid? AthleteId);

/// <summary><c>PUT /v1/clubs/{id}/members/{athleteId}</c> body: <c>admin</c> or <c>member</c>.</summary>
public sealed record ClubRoleRequest(string? Role);

/// <summary>A row of a club's weekly leaderboard: members' activities visible to the club this week (Monday, UTC).</summary>
public sealed record ClubLeaderboardEntry(int Rank, Guid AthleteId, string? DisplayName, double DistanceM, double MovingS, long Activities);

/// <summary>Something an athlete did, in a feed.</summary>
/// <param name="ItemId">Its id.</param>
/// <param name="Type"><c>activity</c>, <c>pr</c>, <c>level-up</c>, <c>badge</c> or <c>challenge-finished</c>.</param>
/// <param name="AthleteId">Who did it.</param>
/// <param name="DisplayName">Their display name.</param>
/// <param name="OccurredAt">ISO-8601.</param>
/// <param name="ActivityId">The activity it came from, when there is one.</param>
/// <param name="Details">Type-specific: for an activity <c>{ sport, startedAt, finishedAt, distanceM, movingS, elapsedS }</c>; otherwise the achievement's payload.</param>
/// <param name="Kudos">How many gave kudos.</param>
/// <param name="KudosByMe">Whether the caller gave kudos.</param>
/// <param name="Comments">How many comments it has.</param>
public sealed record FeedItem(Guid ItemId, string Type, Guid AthleteId, string? DisplayName, string OccurredAt, Guid? ActivityId, JsonObject Details,
    long Kudos, bool KudosByMe, long Comments);

/// <summary>A page of a feed, newest first; <c>cursor</c> asks for the next one, absent at the end.</summary>
public sealed record FeedPage(IReadOnlyList<FeedItem> Items, string? Cursor);

/// <summary><c>POST /v1/feed/{itemId}/comments</c> body: 1–1,000 characters.</summary>
public sealed record CommentRequest(string? Text);

/// <summary>A comment on a feed item.</summary>
public sealed record CommentView(Guid CommentId, Guid AthleteId, string? DisplayName, string Text, string CreatedAt);

/// <summary>A feed item's comments, oldest first.</summary>
public sealed record CommentList(IReadOnlyList<CommentView> Items);

/// <summary>A comment the caller wrote, on the item it belongs to.</summary>
public sealed record MyComment(Guid CommentId, Guid ItemId, string Text, string CreatedAt);

/// <summary><c>GET /v1/me/comments</c>: the caller's comments, newest first; <c>cursor</c> asks for the next page.</summary>
public sealed record MyCommentPage(IReadOnlyList<MyComment> Items, string? Cursor);

/// <summary><c>POST /v1/feed/{itemId}/comments/{commentId}/report</c> body: why (1–500 characters).</summary>
public sealed record ReportRequest(string? Reason);

/// <summary><c>GET/PUT /v1/me/notification-settings</c>: notification types the athlete muted (neither kept in the inbox nor pushed).</summary>
public sealed record NotificationSettings(IReadOnlyList<string>? Muted);
