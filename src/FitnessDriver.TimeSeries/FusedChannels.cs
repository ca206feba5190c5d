using System.Globalization;
using System.Runtime.CompilerServices;
using FitnessDriver.ServiceDefaults.Privacy;
using Npgsql;
using NpgsqlTypes;

namespace FitnessDriver.TimeSeries;

/// <summary>One time bucket of the fused view: for each channel, the value of the best-ranked device that has one.</summary>
/// <param name="T">Bucket start, epoch ms.</param>
/// <param name="Values">hr, power, cadence, speed, distance, lat, lon, alt.</param>
public sealed record FusedPoint(long T, double?[] Values);

/// <summary>
/// The fused view of an activity's devices. Each device's samples are averaged per bucket (the largest cumulative
/// distance); then each channel takes the bucket value of the device whose kind ranks best for that channel, and
/// falls back to the next device where the best one has a gap. Sealed positions are opened and fused the same way here,
/// in the service, since the database cannot read them.
/// </summary>
public sealed class FusedChannels(FusionOptions fusion, IAthleteKeys keys)
{
    /// <summary>Index of latitude in <see cref="FusedPoint.Values"/>.</summary>
    public const int LatIndex = 5;

    /// <summary>Index of longitude in <see cref="FusedPoint.Values"/>.</summary>
    public const int LonIndex = 6;

    /// <summary>Channel names of <see cref="FusedPoint.Values"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["hr", "power", "cadence", "speed", "distance", "lat", "lon", "alt"];

    // Per device and bucket, the activity's samples between $3 (included) and $4 (excluded), nothing outside: from the
    // samples themselves, or from a rollup (see SampleRollups), whose sums over counts are the same averages.
    private static readonly string RawBucketsSql = $"""
        SELECT date_bin($2, t, timestamptz 'epoch') AS bucket, device_id,
               avg(hr) AS hr, avg(power) AS power, avg(cadence) AS cadence, avg({SampleUnits.SpeedSql}) / 1000 AS speed,
               max({SampleUnits.DistanceSql}) / 10.0 AS distance, avg(lat) AS lat, avg(lon) AS lon, avg({SampleUnits.AltSql}) / 10 AS alt
        FROM timeseries.samples WHERE activity_id = $1 AND t >= $3 AND t < $4
        GROUP BY 1, 2
        """;

    private const string RollupBucketsSql = """
        SELECT bucket, device_id,
               hr_sum::numeric / nullif(hr_n, 0) AS hr, power_sum::numeric / nullif(power_n, 0) AS power,
               cadence_sum::numeric / nullif(cadence_n, 0) AS cadence, speed_sum::numeric / nullif(speed_n, 0) / 1000 AS speed,
               distance_max / 10.0 AS distance, lat_sum / nullif(position_n, 0) AS lat, lon_sum / nullif(position_n, 0) AS lon,
               alt_sum::numeric / nullif(alt_n, 0) / 10 AS alt
        FROM {rollup} WHERE activity_id = $1 AND bucket >= $3 AND bucket < $4
        """;

    private const string OneDeviceSql = """
        SELECT (extract(epoch FROM p.bucket) * 1000)::bigint, p.hr, p.power, p.cadence, p.speed, p.distance, p.lat, p.lon, p.alt
        FROM ({buckets}) p
        """;

    private const string DevicesSql = """
        WITH ranks AS (
            SELECT * FROM unnest($5::text[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[], $11::int[], $12::int[])
                AS r(device_id, hr, power, cadence, speed, distance, position, alt)
        ), per_device AS ({buckets})
        SELECT (extract(epoch FROM p.bucket) * 1000)::bigint,
               (array_agg(p.hr ORDER BY coalesce(r.hr, 1000), p.device_id) FILTER (WHERE p.hr IS NOT NULL))[1],
               (array_agg(p.power ORDER BY coalesce(r.power, 1000), p.device_id) FILTER (WHERE p.power IS NOT NULL))[1],
               (array_agg(p.cadence ORDER BY coalesce(r.cadence, 1000), p.device_id) FILTER (WHERE p.cadence IS NOT NULL))[1],
               (array_agg(p.speed ORDER BY coalesce(r.speed, 1000), p.device_id) FILTER (WHERE p.speed IS NOT NULL))[1],
               (array_agg(p.distance ORDER BY coalesce(r.distance, 1000), p.device_id) FILTER (WHERE p.distance IS NOT NULL))[1],
               (array_agg(p.lat ORDER BY coalesce(r.position, 1000), p.device_id) FILTER (WHERE p.lat IS NOT NULL))[1],
               (array_agg(p.lon ORDER BY coalesce(r.position, 1000), p.device_id) FILTER (WHERE p.lon IS NOT NULL))[1],
               (array_agg(p.alt ORDER BY coalesce(r.alt, 1000), p.device_id) FILTER (WHERE p.alt IS NOT NULL))[1]
        FROM per_device p LEFT JOIN ranks r USING (device_id)
        GROUP BY p.bucket
        """;

    /// <summary>The devices of an activity with their kinds.</summary>
    public static async Task<Dictionary<string, string?>> DevicesAsync(NpgsqlConnection connection, Guid activityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var devices = new Dictionary<string, string?>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT device_id, kind FROM timeseries.activity_devices WHERE activity_id = $1 ORDER BY device_id", connection)
        {
            Parameters = { new() { Value = activityId } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            devices[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        return devices;
    }

    /// <summary>Index of a channel in <see cref="FusedPoint.Values"/>.</summary>
    public static int IndexOf(string channel)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (Names[i] == channel)
                return i;
        }

        throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel.");
    }

    /// <summary>The rankings in one string: figures computed under other rankings are computed again.</summary>
    public string Fingerprint { get; } = string.Join(';', FusionOptions.Channels.Select(c => c + "=" + string.Join(',', fusion.Priority.GetValueOrDefault(c) ?? [])));

    /// <summary>Rank of a device for a channel (lower is better).</summary>
    public int RankOf(string channel, string? kind) => fusion.RankOf(channel, kind);

    /// <summary>Milliseconds of the slices of time whose sealed positions a read opens at once (6 hours: 21,600 a device at 1 Hz).</summary>
    public const long PositionSliceMs = 6 * 3600 * 1000;

    /// <summary>
    /// Fills the positions of <paramref name="points"/> (in time order) as <see cref="FillPositions"/> does, opening the
    /// sealed positions a slice of time at a time, only where a point needs them: what is held does not grow with the range.
    /// </summary>
    public async Task FillPositionsAsync(NpgsqlConnection connection, Guid activityId, Guid athleteId, TimeSpan resolution, IReadOnlyDictionary<string, string?> devices,
        List<FusedPoint> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        var bucketMs = (long)resolution.TotalMilliseconds;
        var sliceMs = Math.Max(1, PositionSliceMs / bucketMs) * bucketMs;
        for (var i = 0; i < points.Count;)
        {
            if (points[i].Values[LatIndex] is not null)
            {
                i++;
                continue;
            }

            var end = i;
            while (end < points.Count && points[end].T < points[i].T + sliceMs)
                end++;
            var slice = new SampleRange(points[i].T, points[end - 1].T + bucketMs - 1);
            FillPositions(points.GetRange(i, end - i), resolution, devices, await PositionsAsync(connection, activityId, athleteId, slice, cancellationToken));
            i = end;
        }
    }

    /// <summary>The sealed positions of an activity by device between two times (see <see cref="PositionBlocks"/>).</summary>
    public Task<Dictionary<string, List<Position>>> PositionsAsync(NpgsqlConnection connection, Guid activityId, Guid athleteId, SampleRange range,
        CancellationToken cancellationToken) =>
        PositionBlocks.ReadAsync(connection, activityId, athleteId, keys, range, cancellationToken);

    /// <summary>
    /// The fused buckets of an activity at <paramref name="resolution"/> within <paramref name="range"/>, in time order,
    /// without positions from sealed blocks; 10 s and 1 min buckets come from the rollups.
    /// </summary>
    public async IAsyncEnumerable<FusedPoint> ReadAsync(NpgsqlConnection connection, Guid activityId, TimeSpan resolution, IReadOnlyDictionary<string, string?> devices,
        SampleRange range, [EnumeratorCancellation] CancellationToken cancellationToken, bool fromSamples = false)
    {
        await using var command = Command(connection, activityId, resolution, devices, range, " ORDER BY 1", fromSamples: fromSamples);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new double?[Names.Count];
            for (var c = 0; c < values.Length; c++)
                values[c] = reader.IsDBNull(c + 1) ? null : Convert.ToDouble(reader.GetValue(c + 1), CultureInfo.InvariantCulture);
            yield return new FusedPoint(reader.GetInt64(0), values);
        }
    }

    /// <summary>
    /// The fused buckets of an activity at <paramref name="resolution"/> within <paramref name="range"/>, in time order,
    /// without positions from sealed blocks; with <paramref name="fromSamples"/>, computed from the samples even where rollups exist.
    /// </summary>
    public async Task<List<FusedPoint>> QueryAsync(NpgsqlConnection connection, Guid activityId, TimeSpan resolution, IReadOnlyDictionary<string, string?> devices,
        SampleRange range, CancellationToken cancellationToken, bool fromSamples = false)
    {
        var points = new List<FusedPoint>();
        await foreach (var point in ReadAsync(connection, activityId, resolution, devices, range, cancellationToken, fromSamples))
            points.Add(point);
        return points;
    }

    /// <summary>
    /// Figures of the fused one-second view within <paramref name="range"/>, computed in the database: average and
    /// highest heart rate, average power and speed, and the last second.
    /// </summary>
    public async Task<(double? AvgHr, double? MaxHr, double? AvgPower, double? AvgSpeed)> SecondsFiguresAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        Guid activityId, IReadOnlyDictionary<string, string?> devices, SampleRange range, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, activityId, TimeSpan.FromSeconds(1), devices, range, "", """
            SELECT avg(hr)::float8, max(hr)::float8, avg(power)::float8, avg(speed)::float8 FROM (
            """, ") AS f(t, hr, power, cadence, speed, distance, lat, lon, alt)");
        command.Transaction = transaction;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        double? At(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
        return (At(0), At(1), At(2), At(3));
    }

    /// <summary>Fills the positions of <paramref name="points"/> the samples have none for: per bucket, the average of the best-ranked device's sealed positions in it.</summary>
    public void FillPositions(IReadOnlyList<FusedPoint> points, TimeSpan resolution, IReadOnlyDictionary<string, string?> devices,
        IReadOnlyDictionary<string, List<Position>> positions)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(positions);
        if (positions.Count == 0)
            return;
        var bucketMs = (long)resolution.TotalMilliseconds;
        var ranked = positions.Keys.OrderBy(d => fusion.RankOf("position", devices.GetValueOrDefault(d))).ThenBy(d => d, StringComparer.Ordinal)
            .Select(d => positions[d]).ToList();
        foreach (var point in points.Where(p => p.Values[LatIndex] is null))
        {
            foreach (var device in ranked)
            {
                if (Average(device, point.T, point.T + bucketMs) is { } average)
                {
                    (point.Values[LatIndex], point.Values[LonIndex]) = average;
                    break;
                }
            }
        }
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, Guid activityId, TimeSpan resolution, IReadOnlyDictionary<string, string?> devices, SampleRange range,
        string order, string before = "", string after = "", bool fromSamples = false)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(devices);
        var oneDevice = devices.Count <= 1;
        var buckets = !fromSamples && SampleRollups.Tables.TryGetValue(resolution, out var rollup) ? RollupBucketsSql.Replace("{rollup}", rollup, StringComparison.Ordinal) : RawBucketsSql;
        var command = new NpgsqlCommand(before + (oneDevice ? OneDeviceSql : DevicesSql).Replace("{buckets}", buckets, StringComparison.Ordinal) + after + order,
            connection);
        command.Parameters.Add(new() { Value = activityId });
        command.Parameters.Add(new() { Value = resolution, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new() { Value = ActivityCache.Time(range.First), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = ActivityCache.Time(range.End), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        if (oneDevice)
            return command;
        command.Parameters.Add(new() { Value = devices.Keys.ToArray() });
        foreach (var channel in FusionOptions.Channels)
            command.Parameters.Add(new() { Value = devices.Values.Select(kind => fusion.RankOf(channel, kind)).ToArray() });
        return command;
    }

    /// <summary>The average of the positions from <paramref name="from"/> (included) to <paramref name="to"/> (excluded) of a list in time order.</summary>
    private static (double Lat, double Lon)? Average(List<Position> positions, long from, long to)
    {
        var index = positions.BinarySearch(new Position(from, 0, 0), PositionTimes.Instance);
        if (index < 0)
            index = ~index;
        double lat = 0, lon = 0;
        var count = 0;
        for (; index < positions.Count && positions[index].T < to; index++, count++)
        {
            lat += positions[index].Lat;
            lon += positions[index].Lon;
        }

        return count == 0 ? null : (lat / count, lon / count);
    }

    private sealed class PositionTimes : IComparer<Position>
    {
        public static PositionTimes Instance { get; } = new();

        public int Compare(Position x, Position y) => x.T.CompareTo(y.T);
    }
}
