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
    private const int LatIndex = 5;
    private const int LonIndex = 6;

    /// <summary>Channel names of <see cref="FusedPoint.Values"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["hr", "power", "cadence", "speed", "distance", "lat", "lon", "alt"];

    private const string Sql = """
        WITH ranks AS (
            SELECT * FROM unnest($3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[])
                AS r(device_id, hr, power, cadence, speed, distance, position, alt)
        ), per_device AS (
            SELECT date_bin($2, t, timestamptz 'epoch') AS bucket, device_id,
                   avg(hr) AS hr, avg(power) AS power, avg(cadence) AS cadence, avg(speed) AS speed,
                   max(distance) AS distance, avg(lat) AS lat, avg(lon) AS lon, avg(alt) AS alt
            FROM timeseries.samples WHERE activity_id = $1
            GROUP BY 1, 2
        )
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
        GROUP BY p.bucket ORDER BY p.bucket
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

    /// <summary>Rank of a device for a channel (lower is better).</summary>
    public int RankOf(string channel, string? kind) => fusion.RankOf(channel, kind);

    /// <summary>The sealed positions of an activity by device (see <see cref="PositionBlocks"/>).</summary>
    public Task<Dictionary<string, List<Position>>> PositionsAsync(NpgsqlConnection connection, Guid activityId, Guid athleteId, CancellationToken cancellationToken) =>
        PositionBlocks.ReadAsync(connection, activityId, athleteId, keys, cancellationToken);

    /// <summary>The fused buckets of an activity at <paramref name="resolution"/>, positions from <paramref name="positions"/> where the samples have none.</summary>
    public async Task<List<FusedPoint>> QueryAsync(NpgsqlConnection connection, Guid activityId, TimeSpan resolution,
        IReadOnlyDictionary<string, string?> devices, IReadOnlyDictionary<string, List<Position>> positions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(devices);
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new() { Value = activityId });
        command.Parameters.Add(new() { Value = resolution, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new() { Value = devices.Keys.ToArray() });
        foreach (var channel in FusionOptions.Channels)
            command.Parameters.Add(new() { Value = devices.Values.Select(kind => fusion.RankOf(channel, kind)).ToArray() });

        var points = new List<FusedPoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new double?[Names.Count];
            for (var c = 0; c < values.Length; c++)
                values[c] = reader.IsDBNull(c + 1) ? null : Convert.ToDouble(reader.GetValue(c + 1), System.Globalization.CultureInfo.InvariantCulture);
            points.Add(new FusedPoint(reader.GetInt64(0), values));
        }

        FillPositions(points, (long)resolution.TotalMilliseconds, devices, positions);
        return points;
    }

    private void FillPositions(List<FusedPoint> points, long bucketMs, IReadOnlyDictionary<string, string?> devices, IReadOnlyDictionary<string, List<Position>> positions)
    {
        if (positions.Count == 0)
            return;
        var ranked = positions.Keys.OrderBy(d => fusion.RankOf("position", devices.GetValueOrDefault(d))).ThenBy(d => d, StringComparer.Ordinal)
            .Select(d => Averages(positions[d], bucketMs)).ToList();
        foreach (var point in points.Where(p => p.Values[LatIndex] is null))
        {
            foreach (var device in ranked)
            {
                if (device.TryGetValue(point.T, out var average))
                {
                    (point.Values[LatIndex], point.Values[LonIndex]) = average;
                    break;
                }
            }
        }
    }

    private static Dictionary<long, (double Lat, double Lon)> Averages(List<Position> positions, long bucketMs) =>
        positions.GroupBy(p => p.T - Mod(p.T, bucketMs)).ToDictionary(g => g.Key, g => (g.Average(p => p.Lat), g.Average(p => p.Lon)));

    private static long Mod(long value, long divisor) => ((value % divisor) + divisor) % divisor;
}
