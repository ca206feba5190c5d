using System.Text.Json.Nodes;

namespace FitnessDriver.Contracts.Achievements;

/// <summary>
/// Event on <see cref="Topics.Achievements"/>: something the athlete earned. Notifications pass the payload through
/// as it is, so new types need no change there.
/// </summary>
/// <param name="Id">Unique and deterministic: the same award always has the same id, so re-delivery is harmless.</param>
/// <param name="AthleteId">Who earned it.</param>
/// <param name="Type">One of <see cref="AchievementTypes"/> (more may be added).</param>
/// <param name="OccurredAt">Unix epoch milliseconds.</param>
/// <param name="Payload">Type-specific details.</param>
public sealed record Achievement(Guid Id, Guid AthleteId, string Type, long OccurredAt, JsonObject Payload);

/// <summary>Known achievement types.</summary>
public static class AchievementTypes
{
    /// <summary>XP for a kilometre: payload <c>{ xp, totalXp, km, sport, activityId }</c>.</summary>
    public const string Xp = "xp";

    /// <summary>A new level: payload <c>{ level, previousLevel, xp, activityId }</c>.</summary>
    public const string LevelUp = "level-up";

    /// <summary>A badge: payload <c>{ badgeId, name, activityId }</c>.</summary>
    public const string Badge = "badge";

    /// <summary>Progress in a challenge.</summary>
    public const string ChallengeProgress = "challenge-progress";

    /// <summary>A challenge goal reached.</summary>
    public const string ChallengeFinished = "challenge-finished";

    /// <summary>A day became active and extended the daily streak: payload <c>{ days, day, activityId }</c>.</summary>
    public const string Streak = "streak";

    /// <summary>The athlete's evening with nothing done today and a streak to lose: payload <c>{ days, day }</c>.</summary>
    public const string StreakAtRisk = "streak-at-risk";

    /// <summary>The weekly goal reached: payload <c>{ weekStart, goal: { distanceM | movingSeconds }, progress, activityId }</c>.</summary>
    public const string WeeklyGoal = "weekly-goal";

    /// <summary>The week's last day and its goal not reached: payload <c>{ weekStart, goal, progress }</c>.</summary>
    public const string WeeklyGoalAtRisk = "weekly-goal-at-risk";

    /// <summary>A personal record: payload <c>{ record, name, value, display, previous?, activityId }</c>.</summary>
    public const string PersonalRecord = "pr";

    /// <summary>
    /// An effort on a segment: payload <c>{ segmentId, name, elapsedS, display, personalBest, rank?, athletes?, activityId }</c>;
    /// <c>rank</c> among the athletes' bests, when the activity counts for the leaderboard.
    /// </summary>
    public const string SegmentFinished = "segment-finished";

    /// <summary>
    /// An archive import's progress, pushed live and not kept in the inbox: payload <c>{ importId, status, files: { total,
    /// done, imported, merged, failed, skipped }, samples, etaSeconds? }</c>.
    /// </summary>
    public const string ImportProgress = "import-progress";

    /// <summary>An archive import finished (or failed, or was undone): the one notification it leaves; payload as for progress.</summary>
    public const string ImportFinished = "import-finished";
}
