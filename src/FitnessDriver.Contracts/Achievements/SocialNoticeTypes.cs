namespace FitnessDriver.Contracts.Achievements;

/// <summary>Notification types of <see cref="Topics.Social"/>; every payload names the athlete who caused it (<c>athleteId</c>, <c>displayName</c>).</summary>
public static class SocialNoticeTypes
{
    /// <summary>Someone follows the athlete: payload <c>{ athleteId, displayName }</c>.</summary>
    public const string Follow = "follow";

    /// <summary>Someone asks to follow the athlete's private profile: payload <c>{ athleteId, displayName }</c>.</summary>
    public const string FollowRequest = "follow-request";

    /// <summary>A follow request was accepted: payload <c>{ athleteId, displayName }</c> (who accepted).</summary>
    public const string FollowAccepted = "follow-accepted";

    /// <summary>Kudos on the athlete's feed item: payload <c>{ itemId, athleteId, displayName }</c>.</summary>
    public const string Kudos = "kudos";

    /// <summary>A comment on the athlete's feed item: payload <c>{ itemId, commentId, athleteId, displayName }</c>.</summary>
    public const string Comment = "comment";

    /// <summary>An invitation to an invite-only club: payload <c>{ clubId, name, athleteId, displayName }</c>.</summary>
    public const string ClubInvite = "club-invite";

    /// <summary>
    /// A live group session's standings, pushed on the WebSocket every few seconds while they change and not kept in the
    /// inbox: payload <c>{ sessionId, name, members: [ { athleteId, displayName, activityId?, distanceM, paceSPerKm?, hrZone?,
    /// finished, rank } ] }</c>. It never carries positions.
    /// </summary>
    public const string GroupUpdate = "group-update";

    /// <summary>Someone in the athlete's group session passed them: payload <c>{ sessionId, athleteId, displayName }</c> (who passed).</summary>
    public const string GroupPassed = "group-passed";

    /// <summary>Someone in the athlete's group session finished their activity: payload <c>{ sessionId, athleteId, displayName, distanceM, rank }</c>.</summary>
    public const string GroupFinished = "group-finished";

    /// <summary>Every type, for preferences.</summary>
    public static IReadOnlyList<string> All { get; } = [Follow, FollowRequest, FollowAccepted, Kudos, Comment, ClubInvite, GroupUpdate, GroupPassed, GroupFinished];
}
