using FitnessDriver.Contracts;

namespace FitnessDriver.Gamification.Challenges;

/// <summary>An athlete in a challenge: what counts toward it and how far they are, in the unit of its <see cref="Metric"/>.</summary>
public sealed class Participation(Guid challengeId, Guid athleteId, string name, Sport sport, ChallengeMetric metric, double goal, long startsAt, long endsAt, long joinedAt)
{
    /// <summary>Milestones reported to the athlete, in percent of the goal.</summary>
    public static IReadOnlyList<int> Milestones { get; } = [25, 50, 75, 100];

    public Guid ChallengeId { get; } = challengeId;
    public Guid AthleteId { get; } = athleteId;
    public string Name { get; } = name;
    public Sport Sport { get; } = sport;
    public ChallengeMetric Metric { get; } = metric;
    public double Goal { get; } = goal;
    public long StartsAt { get; } = startsAt;
    public long EndsAt { get; } = endsAt;
    public long JoinedAt { get; } = joinedAt;
    public double Amount { get; set; }
    public long? FinishedAt { get; set; }

    /// <summary>What each activity brought in this batch, and whether it counted (activities visible to everyone do).</summary>
    public Dictionary<Guid, (double Amount, bool Counted)> Contributions { get; } = [];

    /// <summary>
    /// Takes what an activity gained, if it is of the challenge's sport and falls in the challenge after joining; it counts
    /// when <paramref name="counted"/>. Returns the milestones crossed. Active days are counted with <see cref="SetActiveDays"/>.
    /// </summary>
    public List<int> Add(ActivityGain gain, bool counted)
    {
        ArgumentNullException.ThrowIfNull(gain);
        var amount = Metric.AmountOf(gain);
        if (FinishedAt is not null || gain.Activity.Sport != Sport || gain.At < Math.Max(StartsAt, JoinedAt) || gain.At > EndsAt || amount <= 0)
            return [];
        Contributions[gain.Activity.ActivityId] = (Contributions.GetValueOrDefault(gain.Activity.ActivityId).Amount + amount, counted);
        return counted ? Reach(Amount + amount, gain.At) : [];
    }

    /// <summary>
    /// Sets the active days counted so far (after an activity reached <paramref name="at"/>); returns the milestones
    /// crossed. Fewer days than before (an activity stopped counting) lower the amount.
    /// </summary>
    public List<int> SetActiveDays(int days, long at)
    {
        if (FinishedAt is not null || days == Amount)
            return [];
        if (days > Amount)
            return Reach(days, at);
        Amount = days;
        return [];
    }

    private List<int> Reach(double amount, long at)
    {
        var before = Amount;
        Amount = amount;
        var crossed = Milestones.Where(m => before < Goal * m / 100 && Amount >= Goal * m / 100).ToList();
        if (crossed.Contains(100))
            FinishedAt = at;
        return crossed;
    }
}
