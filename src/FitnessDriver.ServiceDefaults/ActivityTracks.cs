using FitnessDriver.Contracts.Api;
using Microsoft.AspNetCore.Http;

namespace FitnessDriver.ServiceDefaults;

/// <summary>An activity's fused positions, one a second (epoch ms), as its owner sees them: nothing hidden.</summary>
public sealed record ActivityTrack(Guid ActivityId, IReadOnlyList<long> T, IReadOnlyList<double?> Lat, IReadOnlyList<double?> Lon);

/// <summary>Activities' tracks, which TimeSeries holds: for a service that builds on a stretch of one (segments).</summary>
public interface IActivityTracks
{
    /// <summary>The track of <paramref name="athleteId"/>'s activity (any of its ids), or null when the athlete has no such activity.</summary>
    /// <exception cref="Hosting.RetryLaterException">TimeSeries cannot be asked right now (the request answers 503).</exception>
    Task<ActivityTrack?> FindAsync(Guid athleteId, Guid activityId, CancellationToken cancellationToken);
}

/// <summary>
/// Reads a track through TimeSeries' public API (<c>GET /v1/activities/{id}/streams</c> at <c>Services:TimeSeries:Url</c>) as
/// the caller, whose token it forwards: used when TimeSeries runs in another process.
/// </summary>
public sealed class TimeSeriesApiActivityTracks(HttpClient http, IHttpContextAccessor context) : IActivityTracks
{
    /// <inheritdoc />
    public async Task<ActivityTrack?> FindAsync(Guid athleteId, Guid activityId, CancellationToken cancellationToken)
    {
        if (http.BaseAddress is null)
            throw new Hosting.RetryLaterException("Set Services:TimeSeries:Url: this service reads activities' tracks from TimeSeries.");
        try
        {
            // A merged duplicate's summary is its activity's: its id is the one the samples are kept under.
            if (await GetAsync<ActivitySummary>($"/v1/activities/{activityId}", cancellationToken) is not { } activity)
                return null;
            var streams = await StreamPages.ReadAllAsync($"/v1/activities/{activity.ActivityId}/streams?channels=lat,lon&resolution=1s",
                path => GetAsync<ActivityStreams>(path, cancellationToken));
            return streams is null ? null : new ActivityTrack(activity.ActivityId, streams.T, streams.Lat ?? [], streams.Lon ?? []);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new Hosting.RetryLaterException($"TimeSeries did not answer with the activity's track: {e.Message}", e);
        }
    }

    private Task<T?> GetAsync<T>(string path, CancellationToken cancellationToken)
        where T : class => CallerRequests.GetAsync<T>(http, context, path, cancellationToken);
}
