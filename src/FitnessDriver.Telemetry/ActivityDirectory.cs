using System.Collections.Concurrent;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Activities;

namespace FitnessDriver.Telemetry;

/// <summary>What the edge knows of an activity: enough to check ownership and idempotency without a database.</summary>
public sealed record ActivityEntry(Guid ActivityId, Guid AthleteId, Sport Sport, long StartedAt, string? Name, long? FinishedAt);

/// <summary>
/// The activities the edge has seen, rebuilt from <see cref="Topics.ActivityLifecycle"/>: the edge owns nothing
/// durable, the log is its memory.
/// </summary>
public sealed class ActivityDirectory
{
    private readonly ConcurrentDictionary<Guid, ActivityEntry> activities = new();

    /// <summary>How many activities are known.</summary>
    public int Count => activities.Count;

    /// <summary>The activity, if known.</summary>
    public ActivityEntry? Find(Guid activityId) => activities.TryGetValue(activityId, out var entry) ? entry : null;

    /// <summary>Applies an event; applying the same event twice, or an older one after a newer, changes nothing.</summary>
    public void Apply(ActivityEvent activityEvent)
    {
        ArgumentNullException.ThrowIfNull(activityEvent);
        switch (activityEvent)
        {
            case ActivityStarted started:
                activities.AddOrUpdate(started.ActivityId,
                    _ => new ActivityEntry(started.ActivityId, started.AthleteId, started.Sport, started.StartedAt, started.Name, null),
                    (_, existing) => existing.AthleteId != started.AthleteId
                        ? existing
                        : existing with { Sport = started.Sport, StartedAt = started.StartedAt, Name = started.Name });
                break;
            case ActivityFinished finished:
                activities.AddOrUpdate(finished.ActivityId,
                    // A finish without a start (only if the start was lost to retention); keep it so samples are still refused politely.
                    _ => new ActivityEntry(finished.ActivityId, finished.AthleteId, Sport.Other, finished.FinishedAt, null, finished.FinishedAt),
                    (_, existing) => existing.AthleteId != finished.AthleteId || existing.FinishedAt is not null
                        ? existing
                        : existing with { FinishedAt = finished.FinishedAt });
                break;
        }
    }
}
