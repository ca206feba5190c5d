using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Gamification.Rules;
using Npgsql;

namespace FitnessDriver.Gamification.Challenges;

/// <summary>
/// What a batch's gains bring to the challenges their athletes are in, inside the progress consumer's transaction:
/// activities visible to everyone and not implausible count. Active days are counted from the athletes' days, so the
/// batch's days must be recorded first.
/// </summary>
internal sealed class ChallengeProgress
{
    private readonly List<Participation> participations;
    private readonly Dictionary<Guid, (Participation Participation, int Milestone)> milestones = [];

    private ChallengeProgress(List<Participation> participations) => this.participations = participations;

    /// <summary>Awards for the milestones reached.</summary>
    public List<AwardCandidate> Awards { get; } = [];

    public static async Task<ChallengeProgress> AdvanceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<SampleBatch> messages,
        IReadOnlyList<ActivityGain> gains, GamificationOptions rules, CancellationToken cancellationToken)
    {
        var gained = gains.Select(g => g.Activity.ActivityId).ToHashSet();
        var visibilities = await ChallengeStore.VisibilityOfAsync(connection, transaction,
            [.. messages.Where(m => gained.Contains(m.ActivityId)).GroupBy(m => m.ActivityId).Select(g => (g.Key, g.Last().AthleteId, g.Last().Visibility))],
            cancellationToken);
        var progress = new ChallengeProgress(
            await ChallengeStore.LockOpenAsync(connection, transaction, [.. gains.Select(g => g.Activity.AthleteId).Distinct().Order()], cancellationToken));
        foreach (var gain in gains)
        {
            var counted = visibilities.GetValueOrDefault(gain.Activity.ActivityId) == Visibility.Everyone.ToName() && !gain.Activity.IsImplausible(rules.FlagImplausibleAfterM);
            foreach (var participation in progress.participations.Where(p => p.AthleteId == gain.Activity.AthleteId && p.Metric != ChallengeMetric.ActiveDays))
            {
                foreach (var milestone in participation.Add(gain, counted))
                    progress.Reached(participation, milestone, gain);
            }
        }

        await progress.CountActiveDaysAsync(connection, transaction, gains, rules.Streaks.ActiveDayMs, cancellationToken);
        return progress;
    }

    /// <summary>The achievements of the milestones whose awards were new.</summary>
    public IEnumerable<Achievement> Announce(IReadOnlySet<Guid> inserted) => Awards.Where(a => inserted.Contains(a.AchievementId))
        .Select(a => AchievementFactory.Challenge(a, milestones[a.AchievementId].Participation, milestones[a.AchievementId].Milestone));

    public Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        ChallengeStore.SaveAsync(connection, transaction, participations, cancellationToken);

    private async Task CountActiveDaysAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ActivityGain> gains, long activeDayMs,
        CancellationToken cancellationToken)
    {
        var counting = participations.Where(p => p.Metric == ChallengeMetric.ActiveDays).ToList();
        if (counting.Count == 0)
            return;
        var days = await ChallengeStore.CountActiveDaysAsync(connection, transaction, [.. counting.Select(p => p.AthleteId).Distinct().Order()], activeDayMs,
            cancellationToken);
        foreach (var participation in counting)
        {
            var last = gains.Where(g => g.Activity.AthleteId == participation.AthleteId && g.Activity.Sport == participation.Sport && g.At <= participation.EndsAt)
                .MaxBy(g => g.At);
            if (last is null || !days.TryGetValue((participation.ChallengeId, participation.AthleteId), out var count))
                continue;
            foreach (var milestone in participation.SetActiveDays(count, last.At))
                Reached(participation, milestone, last);
        }
    }

    private void Reached(Participation participation, int milestone, ActivityGain gain)
    {
        var award = AwardCandidate.ForChallenge(participation, milestone, gain.Activity, gain.At);
        Awards.Add(award);
        milestones[award.AchievementId] = (participation, milestone);
    }
}
