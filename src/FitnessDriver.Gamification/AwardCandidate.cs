using FitnessDriver.Contracts;

namespace FitnessDriver.Gamification;

/// <summary>
/// An award to try: it takes effect only if (athlete, rule, key) was never awarded before. <paramref name="Imported"/>
/// marks awards for history brought in from a file, which apps show without a live celebration.
/// </summary>
internal sealed record AwardCandidate(Guid AthleteId, string Rule, string Key, int Xp, Guid ActivityId, Sport Sport, long AwardedAt, bool Imported = false)
{
    public const string KilometreRule = "km";
    public const string BadgeRule = "badge";
    public const string ChallengeRule = "challenge";
    public const string EffortRule = "effort";

    public Guid AchievementId { get; } = Rules.AchievementIds.For($"{Rule}:{AthleteId}:{Key}");

    public static AwardCandidate Kilometre(Rules.ActivityProgress activity, Rules.KilometreCrossed crossed, int xp, bool imported) =>
        new(activity.AthleteId, KilometreRule, $"{activity.ActivityId}:{crossed.Km}", xp, activity.ActivityId, activity.Sport, crossed.T, imported);

    public static AwardCandidate ForEffort(Rules.ActivityProgress activity, int step, int xp, long at, bool imported) =>
        new(activity.AthleteId, EffortRule, $"{activity.ActivityId}:{step}", xp, activity.ActivityId, activity.Sport, at, imported);

    public static AwardCandidate ForChallenge(Challenges.Participation participation, int milestone, Rules.ActivityProgress activity, long at) =>
        new(participation.AthleteId, ChallengeRule, $"{participation.ChallengeId}:{milestone}", 0, activity.ActivityId, participation.Sport, at, activity.Imported);

    public static AwardCandidate ForBadge(Rules.ActivityProgress activity, Rules.Badge badge, long at, bool imported) =>
        new(activity.AthleteId, BadgeRule, badge.Id, 0, activity.ActivityId, activity.Sport, at, imported);
}
