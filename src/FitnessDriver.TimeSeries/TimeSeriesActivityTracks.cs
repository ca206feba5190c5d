using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.TimeSeries;

/// <summary>Tracks read in this process, when a service that needs them runs next to TimeSeries.</summary>
public sealed class TimeSeriesActivityTracks(ActivityQueries queries, StreamQueries streams) : IActivityTracks
{
    private static readonly string[] Positions = ["lat", "lon"];

    /// <inheritdoc />
    public async Task<ActivityTrack?> FindAsync(Guid athleteId, Guid activityId, CancellationToken cancellationToken)
    {
        if (await queries.ResolveAsync(activityId, athleteId, cancellationToken) is not { } activity)
            return null;
        var track = await streams.GetAsync(activity.ActivityId, athleteId, StreamRequest.Whole("1s", Positions), cancellationToken);
        return new ActivityTrack(activity.ActivityId, track.T, track.Lat ?? [], track.Lon ?? []);
    }
}
