using FitnessDriver.Hosting;

namespace FitnessDriver.Telemetry;

/// <summary>
/// Finds activities: in the directory; in the log, when another edge replica created one a moment ago; in the store,
/// when the directory evicted it.
/// </summary>
public sealed class ActivityLookup(ActivityDirectory directory, ActivityDirectoryFeed feed, ActivityStore store)
{
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(3);
    private const int ReadBackAttempts = 3;

    /// <summary>The activity when it exists and belongs to <paramref name="athleteId"/>; otherwise null.</summary>
    public async Task<ActivityEntry?> FindOwnedAsync(Guid activityId, Guid athleteId, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(activityId, cancellationToken);
        return entry?.AthleteId == athleteId ? entry : null;
    }

    /// <summary>Whether the activity was deleted (after <see cref="FindAsync"/> found nothing).</summary>
    public bool IsDeleted(Guid activityId) => directory.IsDeleted(activityId);

    /// <summary>The activity whoever owns it, or null.</summary>
    public async Task<ActivityEntry?> FindAsync(Guid activityId, CancellationToken cancellationToken)
    {
        await feed.WhenReadyAsync(cancellationToken);
        if (directory.Find(activityId) is { } held)
            return held;
        if (!directory.MayHaveEvicted(activityId) && await feed.CatchUpAsync(CatchUpTimeout, cancellationToken))
            return directory.Find(activityId);
        if (!directory.MayHaveEvicted(activityId))
            return null;
        var found = await ReadBackAsync(async token => await store.FindAsync(activityId, token) is { } known ? [known] : [], null, cancellationToken);
        return found.SingleOrDefault()?.Entry;
    }

    /// <summary>
    /// Makes sure the directory holds every activity of the athlete, deleted ones included, before it is asked for
    /// their activities, duplicates or deleted ids.
    /// </summary>
    public async Task LoadAthleteAsync(Guid athleteId, CancellationToken cancellationToken)
    {
        await feed.WhenReadyAsync(cancellationToken);
        if (directory.MayMissActivitiesOf(athleteId))
            await ReadBackAsync(token => store.OfAthleteAsync(athleteId, token), athleteId, cancellationToken);
    }

    private async Task<List<KnownActivity>> ReadBackAsync(Func<CancellationToken, Task<List<KnownActivity>>> read, Guid? completeAthlete,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var skipped = directory.EventsSkipped;
            var found = await read(cancellationToken);
            if (directory.Restore(found, skipped, completeAthlete))
                return found;
            if (attempt == ReadBackAttempts)
                throw new RetryLaterException("Activities changed while the edge read them back from its store.");
        }
    }
}
