using FitnessDriver.Contracts.Activities;

namespace FitnessDriver.Telemetry;

/// <summary>Deletes an activity with the activities merged into it: one <see cref="ActivityDeleted"/> each on the lifecycle topic.</summary>
internal static class ActivityDeletions
{
    /// <summary>Appends the deletions (under the activity's lock) and returns the ids deleted.</summary>
    public static async Task<IReadOnlyList<Guid>> DeleteAsync(ActivityEntry activity, ActivityDirectory directory, LifecycleWriter lifecycle, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        using var activityLock = await TelemetryApi.ActivityLocks.AcquireAsync(activity.ActivityId, cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        List<Guid> ids = [.. directory.AliasesOf(activity).Select(a => a.ActivityId), activity.ActivityId];
        await lifecycle.AppendAsync(cancellationToken, [.. ids.Select(id => new ActivityDeleted(id, activity.AthleteId, now))]);
        return ids;
    }
}
