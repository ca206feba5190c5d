using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.EventLog;
using FitnessDriver.Gamification.Challenges;
using FitnessDriver.Gamification.Rules;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Postgres.Deletion;
using FitnessDriver.ServiceDefaults.Privacy;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FitnessDriver.Gamification;

/// <summary>
/// Turns sample batches into distance, XP per whole kilometre, levels and badges. Awards are unique by
/// (athlete, rule, key); awards, progress, achievements to publish and the consumer's position commit together.
/// </summary>
public sealed class ProgressSink(GamificationDatabase database, IOptions<GamificationOptions> options, AchievementPublisher publisher, IAthleteKeys keys,
    EventSealing sealing) : IEventSink<SampleBatch>
{
    /// <summary>The consumer group.</summary>
    public const string GroupName = "gamification";

    /// <summary>Device kinds that are dedicated sensors: what they record live is sensor-verified.</summary>
    private static readonly HashSet<string> SensorKinds =
        [DeviceKinds.ChestStrap, DeviceKinds.PowerMeter, DeviceKinds.Trainer, DeviceKinds.WheelSensor, DeviceKinds.CadenceSensor, DeviceKinds.Footpod];

    private readonly LevelCurve curve = new(options.Value.Levels);

    /// <inheritdoc />
    public string Group => GroupName;

    /// <inheritdoc />
    public IReadOnlyList<string> Topics { get; } = [Contracts.Topics.TelemetrySamples];

    /// <inheritdoc />
    public ServiceDatabase Database => database;

    /// <inheritdoc />
    public ValueTask<SampleBatch?> DecodeAsync(LogRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return SealedEvents.OpenSampleBatchAsync(record.Value, keys, cancellationToken);
    }

    /// <inheritdoc />
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Decoded<SampleBatch>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (erased, deleted) = await DeletedActivities.GuardAsync(connection, transaction, database.Schema, batch.Select(b => b.Message.AthleteId),
            batch.Select(b => b.Message.ActivityId), cancellationToken);
        var athleteKeys = new Dictionary<Guid, byte[]?>();
        foreach (var athleteId in batch.Select(b => b.Message.AthleteId).Where(a => !erased.Contains(a)).Distinct())
        {
            athleteKeys[athleteId] = sealing.Enabled ? await keys.FindAsync(athleteId, cancellationToken) : null;
            if (sealing.Enabled && athleteKeys[athleteId] is null)
                athleteKeys.Remove(athleteId);
        }

        byte[]? KeyOf(Guid athleteId) => athleteKeys.GetValueOrDefault(athleteId);
        var messages = batch.Select(b => b.Message).Where(m => athleteKeys.ContainsKey(m.AthleteId) && !deleted.Contains(m.ActivityId)).ToList();
        var store = new ProgressStore(connection, transaction);
        var activityIds = messages.Select(m => m.ActivityId).Distinct().Order().ToArray();
        var activities = await store.LockActivitiesAsync(activityIds, cancellationToken);
        var tracks = await store.LoadTracksAsync(activityIds, KeyOf, activities, options.Value.MaxSpeedFor, cancellationToken);
        var candidates = new List<AwardCandidate>();
        var gains = new List<(ActivityProgress Activity, double Gain, long At)>();
        var flagAfterM = options.Value.FlagImplausibleAfterM;
        var plausibleBefore = new HashSet<Guid>();
        foreach (var message in messages)
        {
            if (!activities.TryGetValue(message.ActivityId, out var activity))
                activities[message.ActivityId] = activity = new ActivityProgress(message.ActivityId, message.AthleteId, message.Sport);
            if (activity.AthleteId != message.AthleteId)
                continue;
            if (!tracks.TryGetValue((message.ActivityId, message.DeviceId), out var track))
                tracks[(message.ActivityId, message.DeviceId)] = track = new DeviceTrack(message.ActivityId, message.DeviceId, options.Value.MaxSpeedFor(activity.Sport));
            activity.Imported |= message.Source == SampleSource.Import;
            activity.SensorRecorded |= message.Source == SampleSource.Live && message.DeviceKind is { } kind && SensorKinds.Contains(kind);
            if (!activity.IsImplausible(flagAfterM))
                plausibleBefore.Add(activity.ActivityId);

            var before = activity.DistanceM;
            var xpPerKm = options.Value.XpFor(activity.Sport);
            var imported = message.Source == SampleSource.Import;
            candidates.AddRange(activity.Advance(track, message.Samples).Select(k => AwardCandidate.Kilometre(activity, k, xpPerKm, imported)));
            var at = track.LastT ?? 0;
            if (activity.DistanceM > before)
                gains.Add((activity, activity.DistanceM - before, at));
            candidates.AddRange(Badges.All
                .Where(b => !b.IsEarnedBy(activity.Sport, before) && b.IsEarnedBy(activity.Sport, activity.DistanceM))
                .Select(b => AwardCandidate.ForBadge(activity, b, at, imported)));
        }

        // An activity found implausible in this batch leaves every challenge before this batch's distance is counted.
        foreach (var flagged in activities.Values.Where(a => plausibleBefore.Contains(a.ActivityId) && a.IsImplausible(flagAfterM)).OrderBy(a => a.ActivityId))
            await ChallengeStore.SetCountedAsync(connection, transaction, flagged.ActivityId, flagged.AthleteId, counted: false, cancellationToken);
        var visibilities = await ChallengeStore.VisibilityOfAsync(connection, transaction,
            [.. messages.Where(m => gains.Any(g => g.Activity.ActivityId == m.ActivityId)).GroupBy(m => m.ActivityId).Select(g => (g.Key, g.Last().AthleteId, g.Last().Visibility))],
            cancellationToken);
        var participations = await ChallengeStore.LockOpenAsync(connection, transaction, [.. gains.Select(g => g.Activity.AthleteId).Distinct().Order()], cancellationToken);
        var milestones = new Dictionary<Guid, (Participation Participation, int Milestone)>();
        foreach (var (activity, gain, at) in gains)
        {
            var counted = visibilities.GetValueOrDefault(activity.ActivityId) == Visibility.Everyone.ToName() && !activity.IsImplausible(flagAfterM);
            foreach (var participation in participations.Where(p => p.AthleteId == activity.AthleteId))
            {
                foreach (var milestone in participation.Add(activity.ActivityId, activity.Sport, gain, at, counted))
                {
                    var award = AwardCandidate.ForChallenge(participation, milestone, activity, at);
                    candidates.Add(award);
                    milestones[award.AchievementId] = (participation, milestone);
                }
            }
        }

        var records = await PersonalRecords.UpdateAsync(connection, transaction, activities.Values.Where(a => !a.IsImplausible(flagAfterM)), cancellationToken);
        candidates.AddRange(records.Select(r => r.Award));
        var inserted = await store.InsertAwardsAsync(candidates, cancellationToken);
        var achievements = new List<Achievement>();
        foreach (var athlete in candidates.Where(c => inserted.Contains(c.AchievementId) && c.Rule is not AwardCandidate.ChallengeRule and not PersonalRecords.Rule)
                     .GroupBy(c => c.AthleteId))
            achievements.AddRange(await AwardAsync(store, athlete.Key, athlete.ToList(), cancellationToken));
        achievements.AddRange(candidates.Where(c => inserted.Contains(c.AchievementId) && c.Rule == AwardCandidate.ChallengeRule)
            .Select(c => AchievementFactory.Challenge(c, milestones[c.AchievementId].Participation, milestones[c.AchievementId].Milestone)));
        achievements.AddRange(records.Where(r => inserted.Contains(r.Award.AchievementId)).Select(PersonalRecords.Announce));
        await store.EnqueueAsync(achievements, cancellationToken);
        await store.SaveAsync(activities, tracks.Values, KeyOf, flagAfterM, cancellationToken);
        await ChallengeStore.SaveAsync(connection, transaction, participations, cancellationToken);
    }

    /// <inheritdoc />
    public Task OnCommittedAsync(IReadOnlyList<Decoded<SampleBatch>> batch, CancellationToken cancellationToken)
    {
        publisher.Wake();
        return Task.CompletedTask;
    }

    private async Task<List<Achievement>> AwardAsync(ProgressStore store, Guid athleteId, List<AwardCandidate> awards, CancellationToken cancellationToken)
    {
        var gain = awards.Sum(a => (long)a.Xp);
        var (total, storedLevel) = await store.AddXpAsync(athleteId, gain, cancellationToken);
        var running = total - gain;
        var level = storedLevel;
        var achievements = new List<Achievement>();
        foreach (var award in awards)
        {
            if (award.Rule == AwardCandidate.BadgeRule)
            {
                achievements.Add(AchievementFactory.Badge(award, Badges.Find(award.Key)!));
                continue;
            }

            running += award.Xp;
            achievements.Add(AchievementFactory.Xp(award, running));
            while (curve.ThresholdFor(level + 1) <= running)
            {
                level++;
                achievements.Add(AchievementFactory.LevelUp(award, level, running));
            }
        }

        if (level != storedLevel)
            await store.SetLevelAsync(athleteId, level, cancellationToken);
        return achievements;
    }
}
