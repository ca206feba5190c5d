using System.Text.Json.Nodes;

namespace FitnessDriver.Contracts.Api;

/// <summary><c>GET /v1/me/progress</c>.</summary>
/// <param name="Xp">Total XP.</param>
/// <param name="Level">Current level, from 1.</param>
/// <param name="XpForNextLevel">Total XP at which the next level is reached.</param>
/// <param name="Badges">Badges earned, oldest first.</param>
public sealed record ProgressResponse(long Xp, int Level, long XpForNextLevel, IReadOnlyList<BadgeView> Badges);

/// <summary>
/// <c>GET /v1/activities/{activityId}/trust</c>: how far the game believes an activity. <paramref name="Trust"/> is
/// sensor-verified, phone-gps, imported-file or implausible; <paramref name="Reasons"/> say what was refused and why.
/// </summary>
public sealed record ActivityTrust(Guid ActivityId, string Trust, double CountedM, double RefusedM, IReadOnlyList<string> Reasons);

/// <summary>A personal record: <paramref name="Value"/> is seconds (fastest distances, longest activity) or watts (power).</summary>
public sealed record PersonalRecordView(string Record, string Name, double Value, string Display, Guid ActivityId, string AchievedAt);

/// <summary><c>GET /v1/me/records</c>.</summary>
public sealed record PersonalRecordList(IReadOnlyList<PersonalRecordView> Items);

/// <summary>An earned badge.</summary>
public sealed record BadgeView(string Id, string Name, string AwardedAt);

/// <summary>An inbox item, also pushed as one WebSocket text message.</summary>
/// <param name="Id">The achievement id; unique.</param>
/// <param name="Type">xp, level-up, badge, challenge-progress, challenge-finished, ...</param>
/// <param name="OccurredAt">ISO-8601 time.</param>
/// <param name="Payload">Type-specific details.</param>
public sealed record NotificationItem(Guid Id, string Type, string OccurredAt, JsonObject Payload);

/// <summary><c>GET /v1/me/notifications?after=</c>: items after the cursor and the cursor to ask from next time.</summary>
public sealed record NotificationPage(IReadOnlyList<NotificationItem> Items, string Cursor);
