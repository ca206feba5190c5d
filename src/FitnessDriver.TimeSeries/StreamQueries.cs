using FitnessDriver.Contracts.Api;
using FitnessDriver.Postgres;
using FitnessDriver.ServiceDefaults.Privacy;
using Npgsql;

namespace FitnessDriver.TimeSeries;

/// <summary>
/// Time-bucketed channels of an activity in the fused view (see <see cref="FusedChannels"/>), a page at a time or
/// down-sampled: every query is bounded by the times asked for within the activity's sample range.
/// </summary>
public sealed class StreamQueries(TimeSeriesDatabase database, FusedChannels fused)
{
    /// <summary>Accepted resolutions.</summary>
    public static IReadOnlyDictionary<string, TimeSpan> Resolutions { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        ["1s"] = TimeSpan.FromSeconds(1),
        ["10s"] = TimeSpan.FromSeconds(10),
        ["1m"] = TimeSpan.FromMinutes(1),
    };

    /// <summary>Channel names.</summary>
    public static IReadOnlyList<string> Channels => FusedChannels.Names;

    private static readonly int[] Decimals = [1, 1, 1, 3, 1, 7, 7, 1];

    /// <summary>The streams of an activity (its canonical id, already checked to belong to the caller).</summary>
    /// <param name="activityId">The canonical activity.</param>
    /// <param name="athleteId">Its athlete.</param>
    /// <param name="request">Resolution, channels, times and page size or points.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <param name="privacy">For another athlete's view: the owner's privacy settings, applied to the positions.</param>
    public async Task<ActivityStreams> GetAsync(Guid activityId, Guid athleteId, StreamRequest request, CancellationToken cancellationToken,
        PrivacySettings? privacy = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var wanted = request.Channels is null ? null : new HashSet<string>(request.Channels, StringComparer.Ordinal);
        var cached = await ActivityCache.ReadAsync(connection, null, activityId, fused.Fingerprint, cancellationToken);
        if (cached.Range is not { } range)
            return Answer(request, [], null, wanted);
        if (cached.Measured)
            await ActivityCache.StoreAsync(connection, activityId, cached.Version, range, null, cancellationToken);

        var resolution = Resolutions[request.Resolution];
        var bucketMs = (long)resolution.TotalMilliseconds;
        var start = request.From is { } from ? AlignUp(from, bucketMs) : AlignDown(range.First, bucketMs);
        var end = Math.Min(range.End, request.To is { } to ? AlignUp(to, bucketMs) : range.End);
        if (start >= end)
            return Answer(request, [], null, wanted);
        var devices = await FusedChannels.DevicesAsync(connection, activityId, cancellationToken);
        var wantsPositions = wanted is null || wanted.Contains("lat") || wanted.Contains("lon");
        long? next = null;
        List<FusedPoint> points;
        SampleRange window;
        if (request.Points is { } count)
        {
            window = new SampleRange(start, end - 1);
            points = await Downsampler.RunAsync(fused.ReadAsync(connection, activityId, resolution, devices, window, cancellationToken), window, count,
                FusedChannels.IndexOf(request.Channels is [var key, ..] ? key : "hr"), cancellationToken);
        }
        else
        {
            var pageEnd = Math.Min(end, start + (request.Limit * bucketMs));
            window = new SampleRange(start, pageEnd - 1);
            points = await fused.QueryAsync(connection, activityId, resolution, devices, window, cancellationToken);
            // The next page's times first: the rest of the activity is searched only when it pauses for longer than a page.
            var probeEnd = Math.Min(end, pageEnd + (request.Limit * bucketMs));
            if (pageEnd < end && (await NextSampleAsync(connection, activityId, resolution, devices.Keys, pageEnd, probeEnd, cancellationToken)
                    ?? (probeEnd < end ? await NextSampleAsync(connection, activityId, resolution, devices.Keys, probeEnd, end, cancellationToken) : null)) is { } following)
                next = AlignDown(following, bucketMs);
        }

        if (wantsPositions)
        {
            await fused.FillPositionsAsync(connection, activityId, athleteId, resolution, devices, points, cancellationToken);
            if (privacy is not null)
                await MaskAsync(connection, activityId, athleteId, resolution, devices, range, points,
                    complete: request.Points is null && window.First <= range.First && window.Last >= range.Last, privacy, cancellationToken);
        }

        return Answer(request, points, next, wanted);
    }

    /// <summary>
    /// Hides positions as <see cref="PrivacyMask"/> does for the whole track: when only part of it is answered, the
    /// distance from either end is measured on the whole track.
    /// </summary>
    private async Task MaskAsync(NpgsqlConnection connection, Guid activityId, Guid athleteId, TimeSpan resolution, Dictionary<string, string?> devices,
        SampleRange range, List<FusedPoint> points, bool complete, PrivacySettings privacy, CancellationToken cancellationToken)
    {
        var track = points;
        if (!complete)
        {
            var whole = new SampleRange(AlignDown(range.First, (long)resolution.TotalMilliseconds), range.Last);
            track = await fused.QueryAsync(connection, activityId, resolution, devices, whole, cancellationToken);
            await fused.FillPositionsAsync(connection, activityId, athleteId, resolution, devices, track, cancellationToken);
        }

        var lat = track.Select(p => p.Values[FusedChannels.LatIndex]).ToList();
        var lon = track.Select(p => p.Values[FusedChannels.LonIndex]).ToList();
        PrivacyMask.Apply(lat, lon, privacy);
        var index = 0;
        foreach (var point in points)
        {
            while (index < track.Count - 1 && track[index].T < point.T)
                index++;
            (point.Values[FusedChannels.LatIndex], point.Values[FusedChannels.LonIndex]) = (lat[index], lon[index]);
        }
    }

    /// <summary>
    /// The first sample time from <paramref name="from"/> (included) to <paramref name="to"/> (excluded), or the first
    /// rollup bucket's at a resolution that has rollups: one index probe per device.
    /// </summary>
    private static async Task<long?> NextSampleAsync(NpgsqlConnection connection, Guid activityId, TimeSpan resolution, IEnumerable<string> devices, long from,
        long to, CancellationToken cancellationToken)
    {
        var (table, time) = SampleRollups.Tables.TryGetValue(resolution, out var rollup) ? (rollup, "bucket") : ("timeseries.samples", "t");
        await using var command = PostgresCommands.Create(connection, null, $"""
            SELECT min(n.t) FROM unnest($2::text[]) AS d(device_id),
                LATERAL (SELECT {time} AS t FROM {table} s
                         WHERE s.activity_id = $1 AND s.device_id = d.device_id AND s.{time} >= $3 AND s.{time} < $4 ORDER BY 1 LIMIT 1) n
            """, activityId, devices.ToArray(), ActivityCache.Time(from), ActivityCache.Time(to));
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime next ? new DateTimeOffset(next).ToUnixTimeMilliseconds() : null;
    }

    private static ActivityStreams Answer(StreamRequest request, List<FusedPoint> points, long? next, HashSet<string>? wanted)
    {
        IReadOnlyList<double?>? Channel(string name)
        {
            var index = FusedChannels.IndexOf(name);
            var series = points.Select(p => p.Values[index] is { } value ? Math.Round(value, Decimals[index]) : (double?)null).ToList();
            return wanted?.Contains(name) ?? series.Any(v => v is not null) ? series : null;
        }

        return new ActivityStreams
        {
            Resolution = request.Resolution,
            T = points.Select(p => p.T).ToList(),
            Hr = Channel("hr"),
            Power = Channel("power"),
            Cadence = Channel("cadence"),
            Speed = Channel("speed"),
            Distance = Channel("distance"),
            Lat = Channel("lat"),
            Lon = Channel("lon"),
            Alt = Channel("alt"),
            Next = next,
        };
    }

    private static long AlignDown(long t, long bucketMs) => t - (((t % bucketMs) + bucketMs) % bucketMs);

    private static long AlignUp(long t, long bucketMs) => AlignDown(t + bucketMs - 1, bucketMs);
}
