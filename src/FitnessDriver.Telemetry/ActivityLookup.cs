namespace FitnessDriver.Telemetry;

/// <summary>Finds an activity of the calling athlete, reading the log further if the edge has not seen it yet.</summary>
public sealed class ActivityLookup(ActivityDirectory directory, ActivityDirectoryFeed feed)
{
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The activity when it exists and belongs to <paramref name="athleteId"/>; otherwise null.</summary>
    public async Task<ActivityEntry?> FindOwnedAsync(Guid activityId, Guid athleteId, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(activityId, cancellationToken);
        return entry?.AthleteId == athleteId ? entry : null;
    }

    /// <summary>Whether the activity was deleted.</summary>
    public bool IsDeleted(Guid activityId) => directory.IsDeleted(activityId);

    /// <summary>The activity whoever owns it, or null.</summary>
    public async Task<ActivityEntry?> FindAsync(Guid activityId, CancellationToken cancellationToken)
    {
        await feed.WhenReadyAsync(cancellationToken);
        var entry = directory.Find(activityId);
        if (entry is null && await feed.CatchUpAsync(CatchUpTimeout, cancellationToken))
            entry = directory.Find(activityId);
        return entry;
    }
}
