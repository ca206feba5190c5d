using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.EventLog;
using FitnessDriver.Gamification.Challenges;
using FitnessDriver.Gamification.Effort;
using FitnessDriver.Gamification.Rules;
using FitnessDriver.Gamification.Segments;
using FitnessDriver.Gamification.Streaks;
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
    EventSealing sealing, SegmentIndex segmentIndex) : IEventSink<SampleBatch>
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
        var rules = options.Value;
        var settings = await StreakStore.FindSettingsAsync(connection, transaction, [.. athleteKeys.Keys], cancellationToken);
        var zones = await ZoneStore.FindAsync(connection, transaction, [.. athleteKeys.Keys.Order()], rules.Effort, cancellationToken);
        var activityIds = messages.Select(m => m.ActivityId).Distinct().Order().ToArray();
        var activities = await store.LockActivitiesAsync(activityIds, cancellationToken);
        var tracks = await store.LoadTracksAsync(activityIds, KeyOf, activities, rules.MaxSpeedFor, cancellationToken);
        var segments = await SegmentMatching.LoadAsync(connection, transaction, segmentIndex, activityIds, rules.Segments, cancellationToken);
        var candidates = new List<AwardCandidate>();
        var gains = new List<ActivityGain>();
        var plausibleBefore = new HashSet<Guid>();
        foreach (var message in messages)
        {
            if (!activities.TryGetValue(message.ActivityId, out var activity))
                activities[message.ActivityId] = activity = new ActivityProgress(message.ActivityId, message.AthleteId, message.Sport);
            if (activity.AthleteId != message.AthleteId)
                continue;
            if (!tracks.TryGetValue((message.ActivityId, message.DeviceId), out var track))
                tracks[(message.ActivityId, message.DeviceId)] = track = new DeviceTrack(message.ActivityId, message.DeviceId, rules.MaxSpeedFor(activity.Sport));
            segments.Attach(track, activity);
            activity.Imported |= message.Source == SampleSource.Import;
            activity.SensorRecorded |= message.Source == SampleSource.Live && message.DeviceKind is { } kind && SensorKinds.Contains(kind);
            if (!activity.IsImplausible(rules.FlagImplausibleAfterM))
                plausibleBefore.Add(activity.ActivityId);
            var imported = message.Source == SampleSource.Import;
            foreach (var (day, samples) in LocalDays.Split(message.Samples, settings.GetValueOrDefault(message.AthleteId, GameSettings.Default)))
            {
                var (distance, moving, climb) = (activity.DistanceM, activity.Motion.MovingMs, activity.Motion.ElevationGainM);
                candidates.AddRange(activity.Advance(track, samples, zones[activity.AthleteId], rules.Effort)
                    .Select(k => AwardCandidate.Kilometre(activity, k, rules.XpFor(activity.Sport), imported)));
                var at = track.LastT ?? 0;
                candidates.AddRange(activity.EffortStepsDue(rules.XpFor(activity.Sport), rules.Effort.Step)
                    .Select(step => AwardCandidate.ForEffort(activity, step, rules.Effort.Step, at, imported)));
                var gain = new ActivityGain(activity, day, activity.DistanceM - distance, activity.Motion.MovingMs - moving, activity.Motion.ElevationGainM - climb, at, imported);
                if (!gain.IsEmpty)
                    gains.Add(gain);
                candidates.AddRange(Badges.All
                    .Where(b => !b.IsEarnedBy(activity.Sport, distance) && b.IsEarnedBy(activity.Sport, activity.DistanceM))
                    .Select(b => AwardCandidate.ForBadge(activity, b, at, imported)));
            }
        }

        await store.SaveAsync(activities, tracks.Values, KeyOf, rules.FlagImplausibleAfterM, cancellationToken);

        // An activity found implausible in this batch (saved so, above) leaves every challenge before this batch's gains are counted.
        foreach (var flagged in activities.Values.Where(a => plausibleBefore.Contains(a.ActivityId) && a.IsImplausible(rules.FlagImplausibleAfterM)).OrderBy(a => a.ActivityId))
            await ChallengeStore.SetCountedAsync(connection, transaction, flagged.ActivityId, flagged.AthleteId, counted: false, rules.Streaks.ActiveDayMs, cancellationToken);
        await ZoneStore.ObserveAsync(connection, transaction, activities.Values.Where(a => a.Effort.SustainedMaxHr is not null).GroupBy(a => a.AthleteId)
            .ToDictionary(g => g.Key, g => g.Max(a => a.Effort.SustainedMaxHr!.Value)), cancellationToken);
        var streaks = await DailyLedger.RecordAsync(connection, transaction, gains, settings, rules.Streaks, cancellationToken);
        candidates.AddRange(streaks.Select(s => s.Award));
        var challenges = await ChallengeProgress.AdvanceAsync(connection, transaction, messages, gains, rules, cancellationToken);
        candidates.AddRange(challenges.Awards);
        var efforts = await SegmentEfforts.RecordAsync(connection, transaction, segments.Index, await segments.SaveAsync(connection, transaction, cancellationToken), activities,
            rules.FlagImplausibleAfterM, cancellationToken);
        candidates.AddRange(efforts.Select(e => e.Award));
        var records = await PersonalRecords.UpdateAsync(connection, transaction, activities.Values.Where(a => !a.IsImplausible(rules.FlagImplausibleAfterM)), cancellationToken);
        candidates.AddRange(records.Select(r => r.Award));
        var inserted = await store.InsertAwardsAsync(candidates, cancellationToken);
        var achievements = new List<Achievement>();
        foreach (var athlete in candidates.Where(c => inserted.Contains(c.AchievementId) && c.Rule is AwardCandidate.KilometreRule or AwardCandidate.EffortRule or AwardCandidate.BadgeRule)
                     .GroupBy(c => c.AthleteId))
            achievements.AddRange(await AwardAsync(store, athlete.Key, athlete.ToList(), cancellationToken));
        achievements.AddRange(challenges.Announce(inserted));
        achievements.AddRange(streaks.Where(s => inserted.Contains(s.Award.AchievementId)).Select(s => s.Achievement));
        achievements.AddRange(records.Where(r => inserted.Contains(r.Award.AchievementId)).Select(PersonalRecords.Announce));
        achievements.AddRange(efforts.Where(e => inserted.Contains(e.Award.AchievementId)).Select(SegmentEfforts.Announce));
        await store.EnqueueAsync(achievements, cancellationToken);
        await challenges.SaveAsync(connection, transaction, cancellationToken);
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
