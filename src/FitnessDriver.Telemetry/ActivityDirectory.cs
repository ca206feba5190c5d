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
/// The activities the edge holds in memory, kept up to date from <see cref="Topics.ActivityLifecycle"/>: every recording
/// activity, and the <see cref="Capacity"/> finished or deleted ones used last. Older ones are evicted and read back
/// from <see cref="ActivityStore"/> when asked for (see <see cref="ActivityLookup"/>); the directory remembers, in a
/// fixed amount of memory, which ids and athletes may have been evicted, so that an id it never held costs no query.
/// </summary>
public sealed class ActivityDirectory(int capacity = ActivityDirectory.DefaultCapacity)
{
    /// <summary>Finished or deleted activities held by default.</summary>
    public const int DefaultCapacity = 100_000;

    private sealed class Athlete
    {
        public HashSet<Guid> Ids { get; } = [];

        /// <summary>Whether every activity of the athlete is held: none evicted since they were all read back.</summary>
        public bool Complete { get; set; }
    }

    private readonly Lock gate = new();
    private readonly Dictionary<Guid, LinkedListNode<KnownActivity>> held = [];
    private readonly LinkedList<KnownActivity> settled = new();
    private readonly Dictionary<Guid, Athlete> athletes = [];
    private readonly ProbableSet evictedIds = new();
    private readonly ProbableSet evictedAthletes = new();
    private long eventsSkipped;

    /// <summary>Finished or deleted activities held at most (recording ones are always held).</summary>
    public int Capacity { get; } = capacity;

    /// <summary>How many activities are held.</summary>
    public int Count
    {
        get
        {
            lock (gate)
                return held.Count;
        }
    }

    /// <summary>How many log events concerned an activity not held that may have been evicted, and so were left to the store.</summary>
    public long EventsSkipped => Interlocked.Read(ref eventsSkipped);

    /// <summary>The activity, if held.</summary>
    public ActivityEntry? Find(Guid activityId) => Held(activityId)?.Entry;

    /// <summary>Whether the activity is held as deleted: its id is never used again.</summary>
    public bool IsDeleted(Guid activityId) => Held(activityId)?.IsDeleted == true;

    /// <summary>Whether the activity was evicted or may have been: only the store can tell what it is.</summary>
    public bool MayHaveEvicted(Guid activityId)
    {
        lock (gate)
            return !held.ContainsKey(activityId) && evictedIds.MayContain(activityId);
    }

    /// <summary>Whether some activity of the athlete may be missing here because it was evicted.</summary>
    public bool MayMissActivitiesOf(Guid athleteId)
    {
        lock (gate)
            return !(athletes.TryGetValue(athleteId, out var athlete) && athlete.Complete) && evictedAthletes.MayContain(athleteId);
    }

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
        return EntriesOf(activity.AthleteId).Where(a => a.MergedInto == activity.ActivityId);
    }

    /// <summary>The athlete's activities that are not themselves duplicates.</summary>
    public IEnumerable<ActivityEntry> OwnActivitiesOf(Guid athleteId) => EntriesOf(athleteId).Where(a => a.MergedInto is null);

    /// <summary>Forgets an erased athlete's activities.</summary>
    public void Forget(Guid athleteId)
    {
        lock (gate)
        {
            if (!athletes.Remove(athleteId, out var athlete))
                return;
            foreach (var id in athlete.Ids)
                Remove(id);
        }
    }

    /// <summary>
    /// Applies an event this edge appended; applying the same event twice, or an older one after a newer, changes
    /// nothing. The activity was just looked up, so it is held, or it is new.
    /// </summary>
    public void Apply(ActivityEvent activityEvent) => Apply(activityEvent, fromLog: false);

    /// <summary>
    /// Applies an event read from the log. An event for an activity not held that may have been evicted is left to the
    /// store, which holds the whole activity: applied alone it could make a finished activity look recording.
    /// </summary>
    public void ApplyFromLog(ActivityEvent activityEvent) => Apply(activityEvent, fromLog: true);

    /// <summary>
    /// Holds what the store said of the activities, unless the log brought an event that was left to the store since
    /// <paramref name="skippedBefore"/> (<see cref="EventsSkipped"/> when the store was read): then false, read again.
    /// Eviction makes room before, not after, so the request that asked finds them all, even beyond the capacity.
    /// </summary>
    public bool Restore(IEnumerable<KnownActivity> fromStore, long skippedBefore, Guid? completeAthlete = null)
    {
        ArgumentNullException.ThrowIfNull(fromStore);
        lock (gate)
        {
            if (EventsSkipped != skippedBefore)
                return false;
            EvictBeyondCapacity();
            foreach (var known in fromStore.Where(k => !held.ContainsKey(k.ActivityId)))
                Hold(known);
            if (completeAthlete is { } athleteId)
                athletes.GetValueOrDefault(athleteId)?.Complete = true;
            return true;
        }
    }

    private void Apply(ActivityEvent activityEvent, bool fromLog)
    {
        ArgumentNullException.ThrowIfNull(activityEvent);
        lock (gate)
        {
            var current = held.GetValueOrDefault(activityEvent.ActivityId)?.Value;
            if (current is null && fromLog && evictedIds.MayContain(activityEvent.ActivityId))
            {
                Interlocked.Increment(ref eventsSkipped);
                return;
            }

            var next = KnownActivity.Apply(current, activityEvent);
            if (next is null || next == current)
                return;
            Remove(activityEvent.ActivityId);
            Hold(next);
            EvictBeyondCapacity();
        }
    }

    private KnownActivity? Held(Guid activityId)
    {
        lock (gate)
        {
            if (!held.TryGetValue(activityId, out var node))
                return null;
            if (node.List is not null)
            {
                settled.Remove(node);
                settled.AddLast(node);
            }

            return node.Value;
        }
    }

    private List<ActivityEntry> EntriesOf(Guid athleteId)
    {
        lock (gate)
            return athletes.TryGetValue(athleteId, out var athlete) ? [.. athlete.Ids.Select(id => held[id].Value.Entry).OfType<ActivityEntry>()] : [];
    }

    private void Hold(KnownActivity known)
    {
        var node = new LinkedListNode<KnownActivity>(known);
        held[known.ActivityId] = node;
        if (known.IsSettled)
            settled.AddLast(node);
        if (!athletes.TryGetValue(known.AthleteId, out var athlete))
            athletes[known.AthleteId] = athlete = new Athlete { Complete = !evictedAthletes.MayContain(known.AthleteId) };
        athlete.Ids.Add(known.ActivityId);
    }

    private void Remove(Guid activityId)
    {
        if (!held.Remove(activityId, out var node))
            return;
        if (node.List is not null)
            settled.Remove(node);
        if (athletes.TryGetValue(node.Value.AthleteId, out var athlete) && athlete.Ids.Remove(activityId) && athlete.Ids.Count == 0)
            athletes.Remove(node.Value.AthleteId);
    }

    private void EvictBeyondCapacity()
    {
        while (settled.Count > Capacity)
        {
            var evicted = settled.First!.Value;
            evictedIds.Add(evicted.ActivityId);
            evictedAthletes.Add(evicted.AthleteId);
            if (athletes.TryGetValue(evicted.AthleteId, out var athlete))
                athlete.Complete = false;
            Remove(evicted.ActivityId);
        }
    }
}
