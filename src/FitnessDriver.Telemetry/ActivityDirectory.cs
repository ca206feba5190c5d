using System.Collections.Concurrent;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Activities;

namespace FitnessDriver.Telemetry;

/// <summary>What the edge knows of an activity: enough to check ownership, idempotency and duplicates without a database.</summary>
/// <param name="ActivityId">The activity.</param>
/// <param name="AthleteId">Its owner.</param>
/// <param name="Sport">Its sport.</param>
/// <param name="StartedAt">Start, epoch ms.</param>
/// <param name="Name">Title, if any.</param>
/// <param name="FinishedAt">Finish, epoch ms, once finished.</param>
/// <param name="MergedInto">When it duplicates another activity of the athlete, that activity.</param>
/// <param name="SealedName">The title sealed with the athlete's key, as the log holds it (see <see cref="ActivityNames"/>).</param>
/// <param name="Visibility">Who else may see it.</param>
public sealed record ActivityEntry(Guid ActivityId, Guid AthleteId, Sport Sport, long StartedAt, string? Name, long? FinishedAt, Guid? MergedInto = null,
    byte[]? SealedName = null, Visibility Visibility = Visibility.Everyone)
{
    /// <summary>The activity that receives this one's samples: itself, or the one it was merged into.</summary>
    public Guid CanonicalId => MergedInto ?? ActivityId;
}

/// <summary>
/// The activities the edge has seen, rebuilt from <see cref="Topics.ActivityLifecycle"/>: the edge owns nothing
/// durable, the log is its memory.
/// </summary>
public sealed class ActivityDirectory
{
    private readonly ConcurrentDictionary<Guid, ActivityEntry> activities = new();
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, byte>> byAthlete = new();
    private readonly ConcurrentDictionary<Guid, byte> deleted = new();

    /// <summary>How many activities are known.</summary>
    public int Count => activities.Count;

    /// <summary>The activity, if known.</summary>
    public ActivityEntry? Find(Guid activityId) => activities.TryGetValue(activityId, out var entry) ? entry : null;

    /// <summary>Whether the activity was deleted: its id is never used again.</summary>
    public bool IsDeleted(Guid activityId) => deleted.ContainsKey(activityId);

    /// <summary>The first of <paramref name="candidate"/>(0), (1), … that no deleted activity had.</summary>
    public Guid UnusedId(Func<int, Guid> candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        for (var attempt = 0; ; attempt++)
        {
            if (!IsDeleted(candidate(attempt)))
                return candidate(attempt);
        }
    }

    /// <summary>The activities merged into <paramref name="activity"/>.</summary>
    public IEnumerable<ActivityEntry> AliasesOf(ActivityEntry activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return byAthlete.TryGetValue(activity.AthleteId, out var ids)
            ? ids.Keys.Select(Find).OfType<ActivityEntry>().Where(a => a.MergedInto == activity.ActivityId)
            : [];
    }

    /// <summary>The athlete's activities that are not themselves duplicates.</summary>
    public IEnumerable<ActivityEntry> OwnActivitiesOf(Guid athleteId) =>
        byAthlete.TryGetValue(athleteId, out var ids)
            ? ids.Keys.Select(Find).OfType<ActivityEntry>().Where(a => a.MergedInto is null)
            : [];

    /// <summary>Forgets an erased athlete's activities.</summary>
    public void Forget(Guid athleteId)
    {
        if (byAthlete.TryRemove(athleteId, out var ids))
        {
            foreach (var id in ids.Keys)
                activities.TryRemove(id, out _);
        }
    }

    /// <summary>Applies an event; applying the same event twice, or an older one after a newer, changes nothing.</summary>
    public void Apply(ActivityEvent activityEvent)
    {
        ArgumentNullException.ThrowIfNull(activityEvent);
        if (deleted.ContainsKey(activityEvent.ActivityId))
            return;
        switch (activityEvent)
        {
            case ActivityDeleted:
                if (activities.TryGetValue(activityEvent.ActivityId, out var gone) && gone.AthleteId != activityEvent.AthleteId)
                    return;
                deleted.TryAdd(activityEvent.ActivityId, 0);
                activities.TryRemove(activityEvent.ActivityId, out _);
                if (byAthlete.TryGetValue(activityEvent.AthleteId, out var owned))
                    owned.TryRemove(activityEvent.ActivityId, out _);
                return;
            case ActivityStarted started:
                activities.AddOrUpdate(started.ActivityId,
                    _ => new ActivityEntry(started.ActivityId, started.AthleteId, started.Sport, started.StartedAt, started.Name, null, SealedName: started.SealedName,
                        Visibility: started.Visibility ?? Visibility.Everyone),
                    (_, existing) => existing.AthleteId != started.AthleteId
                        ? existing
                        : existing with
                        {
                            Sport = started.Sport, StartedAt = started.StartedAt, Name = started.Name, SealedName = started.SealedName,
                            Visibility = started.Visibility ?? Visibility.Everyone,
                        });
                break;
            case ActivityFinished finished:
                activities.AddOrUpdate(finished.ActivityId,
                    // A finish without a start (only if the start was lost to retention); keep it so samples are still refused politely.
                    _ => new ActivityEntry(finished.ActivityId, finished.AthleteId, Sport.Other, finished.FinishedAt, null, finished.FinishedAt),
                    (_, existing) => existing.AthleteId != finished.AthleteId || existing.FinishedAt is not null
                        ? existing
                        : existing with { FinishedAt = finished.FinishedAt });
                break;
            case ActivityMerged merged:
                activities.AddOrUpdate(merged.ActivityId,
                    _ => new ActivityEntry(merged.ActivityId, merged.AthleteId, Sport.Other, 0, null, null, merged.Into),
                    (_, existing) => existing.AthleteId != merged.AthleteId || existing.MergedInto is not null
                        ? existing
                        : existing with { MergedInto = merged.Into });
                break;
            default:
                return;
        }

        byAthlete.GetOrAdd(activityEvent.AthleteId, _ => new()).TryAdd(activityEvent.ActivityId, 0);
    }
}
