using System.Globalization;
using FitnessDriver.Contracts.Api;
using Npgsql;

namespace FitnessDriver.TimeSeries;

/// <summary>Reads activity summaries, lists and streams; always scoped to the calling athlete.</summary>
public sealed class ActivityQueries(TimeSeriesDatabase database)
{
    /// <summary>Metres per second above which the athlete counts as moving.</summary>
    private const double MovingSpeed = 0.5;

    private const string DeviceStatsSql = """
        WITH s AS (
            SELECT device_id, t, speed, distance, lat, lon,
                   lag(t) OVER w AS prev_t, lag(distance) OVER w AS prev_distance,
                   lag(lat) OVER w AS prev_lat, lag(lon) OVER w AS prev_lon
            FROM timeseries.samples WHERE activity_id = $1
            WINDOW w AS (PARTITION BY device_id ORDER BY t)
        ), steps AS (
            SELECT device_id, speed, distance,
                   extract(epoch FROM t - prev_t)::double precision AS dt,
                   CASE WHEN lat IS NOT NULL AND prev_lat IS NOT NULL THEN timeseries.haversine_m(prev_lat, prev_lon, lat, lon) END AS gps_step,
                   CASE WHEN distance IS NOT NULL AND prev_distance IS NOT NULL THEN distance - prev_distance END AS distance_step
            FROM s
        )
        SELECT device_id,
               count(*) AS samples,
               max(distance) AS channel_distance,
               sum(gps_step) AS gps_distance,
               coalesce(sum(least(dt, 30)) FILTER (WHERE dt > 0 AND coalesce(speed, distance_step / dt, gps_step / dt) >= $2), 0) AS moving_s
        FROM steps GROUP BY device_id ORDER BY device_id
        """;

    /// <summary>The summary, or null when the activity does not exist for this athlete.</summary>
    public async Task<ActivitySummary?> GetSummaryAsync(Guid activityId, Guid athleteId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        if (await ReadActivityAsync(connection, activityId, athleteId, cancellationToken) is not { } activity)
            return null;

        var devices = new List<string>();
        double distance = 0, moving = 0;
        long sampleCount = 0;
        await using (var command = new NpgsqlCommand(DeviceStatsSql, connection) { Parameters = { new() { Value = activityId }, new() { Value = MovingSpeed } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                devices.Add(reader.GetString(0));
                sampleCount += reader.GetInt64(1);
                // A device's own cumulative distance beats its GPS track; devices recording the same workout overlap, so take the longest.
                var deviceDistance = reader.IsDBNull(2) ? reader.IsDBNull(3) ? 0 : reader.GetDouble(3) : reader.GetDouble(2);
                distance = Math.Max(distance, deviceDistance);
                moving = Math.Max(moving, reader.GetDouble(4));
            }
        }

        await using var stats = new NpgsqlCommand("""
            SELECT avg(hr), max(hr), avg(power), avg(speed), max(t),
                   (SELECT coalesce(sum(xp), 0) FROM timeseries.activity_xp WHERE activity_id = $1)
            FROM timeseries.samples WHERE activity_id = $1
            """, connection) { Parameters = { new() { Value = activityId } } };
        await using var row = await stats.ExecuteReaderAsync(cancellationToken);
        await row.ReadAsync(cancellationToken);
        var lastSample = row.IsDBNull(4) ? (DateTime?)null : row.GetDateTime(4);
        var end = activity.FinishedAt ?? lastSample ?? activity.StartedAt;
        return new ActivitySummary
        {
            ActivityId = activityId,
            Sport = activity.Sport,
            Status = activity.FinishedAt is null ? "recording" : "finished",
            Name = activity.Name,
            StartedAt = Iso(activity.StartedAt),
            FinishedAt = activity.FinishedAt is { } f ? Iso(f) : null,
            DistanceM = Math.Round(distance, 1),
            ElapsedS = Math.Max(0, (long)(end - activity.StartedAt).TotalSeconds),
            MovingS = (long)Math.Round(moving),
            AvgHr = row.IsDBNull(0) ? null : Math.Round(row.GetDouble(0), 1),
            MaxHr = row.IsDBNull(1) ? null : row.GetInt16(1),
            AvgPower = row.IsDBNull(2) ? null : Math.Round(row.GetDouble(2), 1),
            AvgSpeed = row.IsDBNull(3) ? null : Math.Round(row.GetDouble(3), 3),
            XpEarned = row.GetInt64(5),
            SampleCount = sampleCount,
            Devices = devices,
        };
    }

    /// <summary>The athlete's activities, newest first.</summary>
    public async Task<IReadOnlyList<ActivityListItem>> ListAsync(Guid athleteId, int limit, DateTime? before, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT a.activity_id, a.sport, a.name, a.started_at, a.finished_at,
                   (SELECT coalesce(sum(xp), 0) FROM timeseries.activity_xp x WHERE x.activity_id = a.activity_id)
            FROM timeseries.activities a
            WHERE a.athlete_id = $1 AND ($2::timestamptz IS NULL OR a.started_at < $2)
            ORDER BY a.started_at DESC LIMIT $3
            """);
        command.Parameters.Add(new() { Value = athleteId });
        command.Parameters.Add(new() { Value = (object?)before ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = limit });
        var items = new List<ActivityListItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new ActivityListItem(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(4) ? "recording" : "finished", Iso(reader.GetDateTime(3)), reader.IsDBNull(4) ? null : Iso(reader.GetDateTime(4)), reader.GetInt64(5)));
        }

        return items;
    }

    /// <summary>True when the activity exists for this athlete.</summary>
    public async Task<bool> ExistsAsync(Guid activityId, Guid athleteId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return await ReadActivityAsync(connection, activityId, athleteId, cancellationToken) is not null;
    }

    private sealed record ActivityRow(string Sport, string? Name, DateTime StartedAt, DateTime? FinishedAt);

    private static async Task<ActivityRow?> ReadActivityAsync(NpgsqlConnection connection, Guid activityId, Guid athleteId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT sport, name, started_at, finished_at FROM timeseries.activities WHERE activity_id = $1 AND athlete_id = $2", connection)
        {
            Parameters = { new() { Value = activityId }, new() { Value = athleteId } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ActivityRow(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetDateTime(2), reader.IsDBNull(3) ? null : reader.GetDateTime(3))
            : null;
    }

    internal static string Iso(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
