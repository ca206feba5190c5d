using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using Npgsql;

namespace FitnessDriver.TimeSeries;

/// <summary>Reads activity summaries and lists; always scoped to the calling athlete.</summary>
public sealed class ActivityQueries(TimeSeriesDatabase database, FusedChannels fused)
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

    private sealed record DeviceStats(string DeviceId, long Samples, double? Distance, double MovingS);

    /// <summary>The summary, or null when the activity does not exist for this athlete. A merged activity answers with the one it was merged into.</summary>
    public async Task<ActivitySummary?> GetSummaryAsync(Guid activityId, Guid athleteId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        if (await ActivityRows.FindAsync(connection, activityId, athleteId, cancellationToken) is not { } activity)
            return null;

        var kinds = await FusedChannels.DevicesAsync(connection, activity.ActivityId, cancellationToken);
        var stats = await DeviceStatsAsync(connection, activity.ActivityId, cancellationToken);
        foreach (var device in stats.Where(s => !kinds.ContainsKey(s.DeviceId)))
            kinds[device.DeviceId] = null;
        var seconds = await fused.QueryAsync(connection, activity.ActivityId, TimeSpan.FromSeconds(1), kinds, cancellationToken);
        var hr = seconds.Select(p => p.Values[0]).OfType<double>().ToList();
        var power = seconds.Select(p => p.Values[1]).OfType<double>().ToList();
        var speed = seconds.Select(p => p.Values[3]).OfType<double>().ToList();
        // Distance comes from the best-ranked device that measured any; devices recording the same workout never add up.
        var distance = stats.Where(s => s.Distance > 0).OrderBy(s => fused.RankOf("distance", kinds[s.DeviceId])).ThenByDescending(s => s.Distance)
            .Select(s => s.Distance!.Value).FirstOrDefault();
        var lastSample = seconds.Count == 0 ? (DateTime?)null : DateTimeOffset.FromUnixTimeMilliseconds(seconds[^1].T).UtcDateTime;
        var end = activity.FinishedAt ?? lastSample ?? activity.StartedAt;
        return new ActivitySummary
        {
            ActivityId = activity.ActivityId,
            Sport = activity.Sport,
            Status = activity.FinishedAt is null ? "recording" : "finished",
            Name = activity.Name,
            StartedAt = IsoTime.From(activity.StartedAt),
            FinishedAt = activity.FinishedAt is { } f ? IsoTime.From(f) : null,
            DistanceM = Math.Round(distance, 1),
            ElapsedS = Math.Max(0, (long)(end - activity.StartedAt).TotalSeconds),
            MovingS = (long)Math.Round(stats.Select(s => s.MovingS).DefaultIfEmpty(0).Max()),
            AvgHr = hr.Count == 0 ? null : Math.Round(hr.Average(), 1),
            MaxHr = hr.Count == 0 ? null : (int)Math.Round(hr.Max()),
            AvgPower = power.Count == 0 ? null : Math.Round(power.Average(), 1),
            AvgSpeed = speed.Count == 0 ? null : Math.Round(speed.Average(), 3),
            XpEarned = await XpAsync(connection, activity.ActivityId, cancellationToken),
            SampleCount = stats.Sum(s => s.Samples),
            Devices = [.. kinds.Keys.Order(StringComparer.Ordinal)],
        };
    }

    /// <summary>The athlete's activities, newest first; merged duplicates are left out.</summary>
    public async Task<IReadOnlyList<ActivityListItem>> ListAsync(Guid athleteId, int limit, DateTime? before, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT a.activity_id, a.sport, a.name, a.started_at, a.finished_at,
                   (SELECT coalesce(sum(xp), 0) FROM timeseries.activity_xp x WHERE x.activity_id = a.activity_id)
            FROM timeseries.activities a
            WHERE a.athlete_id = $1 AND ($2::timestamptz IS NULL OR a.started_at < $2)
              AND NOT EXISTS (SELECT 1 FROM timeseries.activity_aliases m WHERE m.activity_id = a.activity_id)
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
                reader.IsDBNull(4) ? "recording" : "finished", IsoTime.From(reader.GetDateTime(3)), reader.IsDBNull(4) ? null : IsoTime.From(reader.GetDateTime(4)), reader.GetInt64(5)));
        }

        return items;
    }

    /// <summary>The canonical id of the athlete's activity, or null when it does not exist for them.</summary>
    public async Task<Guid?> ResolveAsync(Guid activityId, Guid athleteId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return (await ActivityRows.FindAsync(connection, activityId, athleteId, cancellationToken))?.ActivityId;
    }

    private static async Task<List<DeviceStats>> DeviceStatsAsync(NpgsqlConnection connection, Guid activityId, CancellationToken cancellationToken)
    {
        var stats = new List<DeviceStats>();
        await using var command = new NpgsqlCommand(DeviceStatsSql, connection) { Parameters = { new() { Value = activityId }, new() { Value = MovingSpeed } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // A device's own cumulative distance beats its GPS track.
            var distance = reader.IsDBNull(2) ? reader.IsDBNull(3) ? (double?)null : reader.GetDouble(3) : reader.GetDouble(2);
            stats.Add(new DeviceStats(reader.GetString(0), reader.GetInt64(1), distance, reader.GetDouble(4)));
        }

        return stats;
    }

    private static async Task<long> XpAsync(NpgsqlConnection connection, Guid activityId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT coalesce(sum(xp), 0) FROM timeseries.activity_xp WHERE activity_id = $1", connection)
        {
            Parameters = { new() { Value = activityId } },
        };
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

}
