using FitnessDriver.Postgres;
using Npgsql;

namespace FitnessDriver.TimeSeries;

/// <summary>
/// An activity's samples as last measured: their version, their devices, their time range (null without samples) and the
/// summary's figures when computed for that version. <paramref name="Measured"/>: the range was measured by this read, not stored.
/// </summary>
public sealed record CachedActivity(string Version, IReadOnlyList<string> Devices, SampleRange? Range, SummaryFigures? Figures, bool Measured = false);

/// <summary>
/// <c>timeseries.activity_summaries</c>: the time range and summary figures of an activity, valid for one version of its
/// samples. The version is made of the row versions (<c>xmin</c>) of the activity's <c>activity_devices</c> rows, which
/// the writer upserts in the same transaction as every batch of samples it stores: a batch that arrives late, in any
/// part of the activity, changes it, and the next read measures again.
/// </summary>
public static class ActivityCache
{
    /// <summary>
    /// The current version (the devices' row versions and <paramref name="rankings"/>) with what is stored for it; the
    /// range is measured again when the stored one is of another version.
    /// </summary>
    public static async Task<CachedActivity> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid activityId, string rankings,
        CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, transaction, """
            SELECT v.version, v.devices, s.version, s.first_t, s.last_t, s.computed,
                   s.sample_count, s.distance_m, s.moving_s, s.avg_hr, s.max_hr, s.avg_power, s.avg_speed
            FROM (SELECT coalesce(string_agg(device_id || '@' || xmin::text, ',' ORDER BY device_id), '') AS version,
                         coalesce(array_agg(device_id ORDER BY device_id), '{}') AS devices
                  FROM timeseries.activity_devices WHERE activity_id = $1) v
            LEFT JOIN timeseries.activity_summaries s ON s.activity_id = $1
            """, activityId);
        string version;
        string[] devices;
        CachedActivity? stored = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            version = reader.GetString(0) + "|" + rankings;
            devices = reader.GetFieldValue<string[]>(1);
            if (!reader.IsDBNull(2))
            {
                var range = new SampleRange(EpochMs(reader.GetDateTime(3)), EpochMs(reader.GetDateTime(4)));
                var figures = reader.GetBoolean(5)
                    ? new SummaryFigures(reader.GetInt64(6), reader.GetDouble(7), reader.GetDouble(8), Nullable(reader, 9), Nullable(reader, 10), Nullable(reader, 11), Nullable(reader, 12))
                    : null;
                stored = new CachedActivity(version, devices, range, figures);
                if (reader.GetString(2) == version)
                    return stored;
            }
        }

        // Raw samples dropped by retention leave nothing to measure: what was stored for them still holds.
        return await MeasureAsync(connection, transaction, activityId, devices, cancellationToken) is { } measured
            ? new CachedActivity(version, devices, measured, null, Measured: true)
            : stored ?? new CachedActivity(version, devices, null, null, Measured: true);
    }

    /// <summary>Stores the range, and the figures when given, of a version; never replaces computed figures of the same version by none.</summary>
    public static async Task StoreAsync(NpgsqlConnection connection, Guid activityId, string version, SampleRange range, SummaryFigures? figures, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, null, """
            INSERT INTO timeseries.activity_summaries AS s (activity_id, version, first_t, last_t, computed,
                sample_count, distance_m, moving_s, avg_hr, max_hr, avg_power, avg_speed)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (activity_id) DO UPDATE SET version = EXCLUDED.version, first_t = EXCLUDED.first_t, last_t = EXCLUDED.last_t,
                computed = EXCLUDED.computed, sample_count = EXCLUDED.sample_count, distance_m = EXCLUDED.distance_m, moving_s = EXCLUDED.moving_s,
                avg_hr = EXCLUDED.avg_hr, max_hr = EXCLUDED.max_hr, avg_power = EXCLUDED.avg_power, avg_speed = EXCLUDED.avg_speed
            WHERE NOT (s.version = EXCLUDED.version AND s.computed AND NOT EXCLUDED.computed)
            """, activityId, version, Time(range.First), Time(range.Last), figures is not null,
            Value(figures?.SampleCount), Value(figures?.DistanceM), Value(figures?.MovingS), Value(figures?.AvgHr), Value(figures?.MaxHr),
            Value(figures?.AvgPower), Value(figures?.AvgSpeed));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The first and last sample time over the devices: two index probes per device (the primary key is by activity,
    /// device and time), which read no more than one row of each partition or chunk they visit.
    /// </summary>
    private static async Task<SampleRange?> MeasureAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid activityId, string[] devices,
        CancellationToken cancellationToken)
    {
        if (devices.Length == 0)
            return null;
        await using var command = PostgresCommands.Create(connection, transaction, """
            SELECT min(f.t), max(l.t) FROM unnest($2::text[]) AS d(device_id),
                LATERAL (SELECT t FROM timeseries.samples s WHERE s.activity_id = $1 AND s.device_id = d.device_id ORDER BY t LIMIT 1) f,
                LATERAL (SELECT t FROM timeseries.samples s WHERE s.activity_id = $1 AND s.device_id = d.device_id ORDER BY t DESC LIMIT 1) l
            """, activityId, devices);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.IsDBNull(0) ? null : new SampleRange(EpochMs(reader.GetDateTime(0)), EpochMs(reader.GetDateTime(1)));
    }

    private static double? Nullable(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    private static object Value<T>(T? value)
        where T : struct => value is { } v ? v : DBNull.Value;

    private static long EpochMs(DateTime time) => new DateTimeOffset(time).ToUnixTimeMilliseconds();

    /// <summary>An epoch-milliseconds time as a UTC timestamp.</summary>
    public static DateTime Time(long epochMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds).UtcDateTime;
}
