namespace FitnessDriver.Contracts.Activities;

/// <summary>Event on <see cref="Topics.ActivityLifecycle"/>.</summary>
public abstract record ActivityEvent(Guid ActivityId, Guid AthleteId);

/// <summary>An activity was created (or sent again with the same content).</summary>
/// <param name="ActivityId">Client-generated id.</param>
/// <param name="AthleteId">Owner.</param>
/// <param name="Sport">Kind of activity.</param>
/// <param name="StartedAt">Unix epoch milliseconds.</param>
/// <param name="Name">Optional title.</param>
public sealed record ActivityStarted(Guid ActivityId, Guid AthleteId, Sport Sport, long StartedAt, string? Name)
    : ActivityEvent(ActivityId, AthleteId);

/// <summary>The athlete pressed Finish.</summary>
/// <param name="ActivityId">Client-generated id.</param>
/// <param name="AthleteId">Owner.</param>
/// <param name="FinishedAt">Unix epoch milliseconds.</param>
public sealed record ActivityFinished(Guid ActivityId, Guid AthleteId, long FinishedAt)
    : ActivityEvent(ActivityId, AthleteId);
