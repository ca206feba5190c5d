namespace FitnessDriver.Contracts.Activities;

/// <summary>Event on <see cref="Topics.ActivityLifecycle"/>.</summary>
public abstract record ActivityEvent(Guid ActivityId, Guid AthleteId);

/// <summary>An activity was created (or sent again with the same content).</summary>
/// <param name="ActivityId">Client-generated id.</param>
/// <param name="AthleteId">Owner.</param>
/// <param name="Sport">Kind of activity.</param>
/// <param name="StartedAt">Unix epoch milliseconds.</param>
/// <param name="Name">Optional title, in plain text only where sealing is off (or written before it).</param>
/// <param name="SealedName">The title sealed with the athlete's data key (<see cref="Privacy.Sealed"/>).</param>
/// <param name="Visibility">Who else may see it; absent in events written before it existed, which means everyone.</param>
/// <param name="MultisportId">For one leg of a multisport event (a triathlon's swim, ride or run): the event all its legs share.</param>
public sealed record ActivityStarted(Guid ActivityId, Guid AthleteId, Sport Sport, long StartedAt, string? Name, byte[]? SealedName = null,
    Visibility? Visibility = null, Guid? MultisportId = null)
    : ActivityEvent(ActivityId, AthleteId);

/// <summary>The athlete pressed Finish.</summary>
/// <param name="ActivityId">Client-generated id.</param>
/// <param name="AthleteId">Owner.</param>
/// <param name="FinishedAt">Unix epoch milliseconds.</param>
public sealed record ActivityFinished(Guid ActivityId, Guid AthleteId, long FinishedAt)
    : ActivityEvent(ActivityId, AthleteId);

/// <summary>
/// An activity turned out to record the same workout as another one of the athlete: it becomes an alias, and
/// everything sent for it belongs to <paramref name="Into"/>.
/// </summary>
/// <param name="ActivityId">The duplicate's id, which keeps working for its client.</param>
/// <param name="AthleteId">Owner of both.</param>
/// <param name="Into">The activity it was merged into.</param>
public sealed record ActivityMerged(Guid ActivityId, Guid AthleteId, Guid Into)
    : ActivityEvent(ActivityId, AthleteId);

/// <summary>
/// The athlete deleted an activity (or undid the import that brought it): every service removes what it holds of it and
/// ignores anything that arrives for it later. Its id is never used again.
/// </summary>
/// <param name="ActivityId">The activity.</param>
/// <param name="AthleteId">Owner.</param>
/// <param name="DeletedAt">Unix epoch milliseconds.</param>
public sealed record ActivityDeleted(Guid ActivityId, Guid AthleteId, long DeletedAt)
    : ActivityEvent(ActivityId, AthleteId);
