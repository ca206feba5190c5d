using System.Text.Json.Nodes;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Gamification.Challenges;
using FitnessDriver.Gamification.Rules;

namespace FitnessDriver.Gamification;

/// <summary>Builds the achievement events and their payloads, as the public API documents them.</summary>
internal static class AchievementFactory
{
    /// <summary>XP for a kilometre (<c>km</c>) or for effort (<c>effort: true</c>).</summary>
    public static Achievement Xp(AwardCandidate award, long totalXp)
    {
        var payload = new JsonObject { ["xp"] = award.Xp, ["totalXp"] = totalXp };
        if (award.Rule == AwardCandidate.EffortRule)
            payload["effort"] = true;
        else
            payload["km"] = int.Parse(award.Key[(award.Key.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        payload["sport"] = award.Sport.ToName();
        payload["activityId"] = award.ActivityId.ToString();
        return MarkImported(award, new(award.AchievementId, award.AthleteId, AchievementTypes.Xp, award.AwardedAt, payload));
    }

    public static Achievement LevelUp(AwardCandidate award, int level, long totalXp) =>
        MarkImported(award, new(AchievementIds.For($"level:{award.AthleteId}:{level}"), award.AthleteId, AchievementTypes.LevelUp, award.AwardedAt, new JsonObject
        {
            ["level"] = level,
            ["previousLevel"] = level - 1,
            ["xp"] = totalXp,
            ["activityId"] = award.ActivityId.ToString(),
        }));

    public static Achievement Challenge(AwardCandidate award, Participation participation, int milestone)
    {
        var payload = new JsonObject
        {
            ["challengeId"] = participation.ChallengeId.ToString(),
            ["name"] = participation.Name,
            ["percent"] = milestone,
            ["metric"] = participation.Metric.ToName(),
            ["value"] = Math.Round(participation.Amount, 1),
            ["goal"] = new JsonObject { [participation.Metric.GoalField()] = participation.Goal },
            ["activityId"] = award.ActivityId.ToString(),
        };
        if (participation.Metric == ChallengeMetric.Distance)
        {
            payload["distanceM"] = Math.Round(participation.Amount, 1);
            payload["goalM"] = participation.Goal;
        }

        return MarkImported(award, new(award.AchievementId, award.AthleteId, milestone == 100 ? AchievementTypes.ChallengeFinished : AchievementTypes.ChallengeProgress,
            award.AwardedAt, payload));
    }

    public static Achievement Badge(AwardCandidate award, Badge badge) => MarkImported(award, new(award.AchievementId, award.AthleteId, AchievementTypes.Badge, award.AwardedAt,
        new JsonObject
        {
            ["badgeId"] = badge.Id,
            ["name"] = badge.Name,
            ["activityId"] = award.ActivityId.ToString(),
        }));

    /// <summary>An achievement for history brought in from a file says so (<c>imported: true</c>): apps list it without a live celebration.</summary>
    public static Achievement MarkImported(AwardCandidate award, Achievement achievement)
    {
        if (award.Imported)
            achievement.Payload["imported"] = true;
        return achievement;
    }
}
