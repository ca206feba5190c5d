using FitnessDriver.Contracts;

namespace FitnessDriver.Gamification.Challenges;

/// <summary>An athlete in a challenge: what counts toward it and how far they are.</summary>
public sealed class Participation(Guid challengeId, Guid athleteId, string name, Sport sport, double goalM, long startsAt, long endsAt, long joinedAt)
{
    /// <summary>Milestones reported to the athlete, in percent of the goal.</summary>
    public static IReadOnlyList<int> Milestones { get; } = [25, 50, 75, 100];

    public Guid ChallengeId { get; } = challengeId;
    public Guid AthleteId { get; } = athleteId;
    public string Name { get; } = name;
    public Sport Sport { get; } = sport;
    public double GoalM { get; } = goalM;
    public long StartsAt { get; } = startsAt;
    public long EndsAt { get; } = endsAt;
    public long JoinedAt { get; } = joinedAt;
    public double DistanceM { get; set; }
    public long? FinishedAt { get; set; }

    /// <summary>What each activity brought in this batch, and whether it counted (activities visible to everyone do).</summary>
    public Dictionary<Guid, (double DistanceM, bool Counted)> Contributions { get; } = [];

    /// <summary>
    /// Takes distance an activity of <paramref name="sport"/> gained at time <paramref name="at"/>, if it falls in the
    /// challenge after joining; it counts when <paramref name="counted"/>. Returns the milestones crossed.
    /// </summary>
    public List<int> Add(Guid activityId, Sport sport, double gainM, long at, bool counted)
    {
        if (FinishedAt is not null || sport != Sport || at < Math.Max(StartsAt, JoinedAt) || at > EndsAt || gainM <= 0)
            return [];
        Contributions[activityId] = (Contributions.GetValueOrDefault(activityId).DistanceM + gainM, counted);
        if (!counted)
            return [];
        var before = DistanceM;
        DistanceM += gainM;
        var crossed = Milestones.Where(m => before < GoalM * m / 100 && DistanceM >= GoalM * m / 100).ToList();
        if (crossed.Contains(100))
            FinishedAt = at;
        return crossed;
    }
}
