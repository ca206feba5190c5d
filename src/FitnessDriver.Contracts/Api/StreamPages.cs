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
        var first = await getPage(path);
        if (first?.Next is null)
            return first;
        // Appended a page at a time, each page let go once appended: no copy of what was read before.
        var joined = new Joined(first);
        for (var next = first.Next; next is not null;)
        {
            var page = await getPage($"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}from={next}");
            if (page is null)
                return null;
            joined.Append(page);
            next = page.Next;
        }

        return joined.ToStreams(first.Resolution);
    }

    /// <summary>Pages joined so far, a list per channel; a channel starts when a page first has it, null before.</summary>
    private sealed class Joined
    {
        private readonly List<long> t = [];
        private readonly List<double?>?[] channels = new List<double?>?[8];

        public Joined(ActivityStreams first) => Append(first);

        public void Append(ActivityStreams page)
        {
            IReadOnlyList<double?>?[] values = [page.Hr, page.Power, page.Cadence, page.Speed, page.Distance, page.Lat, page.Lon, page.Alt];
            for (var c = 0; c < values.Length; c++)
            {
                if (values[c] is null && channels[c] is null)
                    continue;
                var channel = channels[c] ??= [.. new double?[t.Count]];
                if (values[c] is { } v)
                    channel.AddRange(v);
                else
                    channel.AddRange(new double?[page.T.Count]);
            }

            t.AddRange(page.T);
        }

        public ActivityStreams ToStreams(string resolution) => new()
        {
            Resolution = resolution,
            T = t,
            Hr = channels[0],
            Power = channels[1],
            Cadence = channels[2],
            Speed = channels[3],
            Distance = channels[4],
            Lat = channels[5],
            Lon = channels[6],
            Alt = channels[7],
        };
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
