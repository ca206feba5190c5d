namespace FitnessDriver.Contracts.Api;

/// <summary>Pages of <c>GET /v1/activities/{activityId}/streams</c> joined into one stream.</summary>
public static class StreamPages
{
    /// <summary>
    /// Reads every page, following <see cref="ActivityStreams.Next"/> from the first, and joins them. A channel a page
    /// leaves out (it had no value there) is null for that page's instants.
    /// </summary>
    /// <param name="path">The streams path with its query, without <c>from</c>.</param>
    /// <param name="getPage">Reads one page of a path.</param>
    public static async Task<ActivityStreams?> ReadAllAsync(string path, Func<string, Task<ActivityStreams?>> getPage)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(getPage);
        var streams = await getPage(path);
        while (streams?.Next is { } next)
        {
            var page = await getPage($"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}from={next}");
            streams = page is null ? null : Join(streams, page);
        }

        return streams;
    }

    /// <summary>The stream of <paramref name="first"/> followed by <paramref name="second"/>, with the second's <c>next</c>.</summary>
    public static ActivityStreams Join(ActivityStreams first, ActivityStreams second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        IReadOnlyList<double?>? Channel(IReadOnlyList<double?>? one, IReadOnlyList<double?>? other) => one is null && other is null
            ? null
            : [.. one ?? new double?[first.T.Count], .. other ?? new double?[second.T.Count]];
        return new ActivityStreams
        {
            Resolution = first.Resolution,
            T = [.. first.T, .. second.T],
            Hr = Channel(first.Hr, second.Hr),
            Power = Channel(first.Power, second.Power),
            Cadence = Channel(first.Cadence, second.Cadence),
            Speed = Channel(first.Speed, second.Speed),
            Distance = Channel(first.Distance, second.Distance),
            Lat = Channel(first.Lat, second.Lat),
            Lon = Channel(first.Lon, second.Lon),
            Alt = Channel(first.Alt, second.Alt),
            Next = second.Next,
        };
    }
}
