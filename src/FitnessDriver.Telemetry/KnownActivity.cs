using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Activities;

namespace FitnessDriver.Telemetry;

/// <summary>What the edge knows of one activity id: the activity, or (when <see cref="Entry"/> is null) that its owner deleted it.</summary>
/// <param name="ActivityId">The id.</param>
/// <param name="AthleteId">Its owner.</param>
/// <param name="Entry">The activity; null once deleted.</param>
public sealed record KnownActivity(Guid ActivityId, Guid AthleteId, ActivityEntry? Entry)
{
    /// <summary>Whether the activity was deleted: its id is never used again.</summary>
    public bool IsDeleted => Entry is null;

    /// <summary>Whether the activity can change no more by itself: finished, or deleted.</summary>
    public bool IsSettled => Entry is not { FinishedAt: null };

    /// <summary>
    /// What is known after <paramref name="activityEvent"/>; <paramref name="known"/> itself when the event changes
    /// nothing (the same event twice, an older one after a newer, another athlete's, anything after a deletion).
    /// </summary>
    public static KnownActivity? Apply(KnownActivity? known, ActivityEvent activityEvent)
    {
        ArgumentNullException.ThrowIfNull(activityEvent);
        if (activityEvent is not (ActivityDeleted or ActivityStarted or ActivityFinished or ActivityMerged)
            || known?.IsDeleted == true || (known is not null && known.AthleteId != activityEvent.AthleteId))
            return known;
        var existing = known?.Entry;
        var entry = activityEvent switch
        {
            ActivityDeleted => null,
            ActivityStarted started => existing is null
                ? new ActivityEntry(started.ActivityId, started.AthleteId, started.Sport, started.StartedAt, started.Name, null, SealedName: started.SealedName,
                    Visibility: started.Visibility ?? Visibility.Everyone)
                : existing with
                {
                    Sport = started.Sport, StartedAt = started.StartedAt, Name = started.Name, SealedName = started.SealedName,
                    Visibility = started.Visibility ?? Visibility.Everyone,
                },
            // A finish without a start (only if the start was lost to retention); kept so samples are still refused politely.
            ActivityFinished finished => existing is null
                ? new ActivityEntry(finished.ActivityId, finished.AthleteId, Sport.Other, finished.FinishedAt, null, finished.FinishedAt)
                : existing.FinishedAt is null ? existing with { FinishedAt = finished.FinishedAt } : existing,
            ActivityMerged merged => existing is null
                ? new ActivityEntry(merged.ActivityId, merged.AthleteId, Sport.Other, 0, null, null, merged.Into)
                : existing.MergedInto is null ? existing with { MergedInto = merged.Into } : existing,
            _ => existing,
        };
        return known is not null && entry == existing ? known : new KnownActivity(activityEvent.ActivityId, activityEvent.AthleteId, entry);
    }
}
