using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace FitnessDriver.TimeSeries;

/// <summary>
/// The latest stored sample time of each device of an activity, kept on <c>timeseries.activity_devices</c> in the writer's
/// transaction. Reading it registers the devices and locks their rows, so no other writer stores samples for them until
/// this transaction ends: a sample after the mark cannot conflict with a stored one.
/// </summary>
internal static class DeviceHighWater
{
    /// <summary>
    /// Registers the batch's devices (their kind, source and athlete) and returns each one's mark (null for a device with
    /// nothing stored) and running figures (see <see cref="RunningFigures"/>), locked.
    /// </summary>
    public static async Task<Dictionary<(Guid ActivityId, string DeviceId), DeviceMark>> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IEnumerable<SampleBatch> batch, CancellationToken cancellationToken)
    {
        var devices = batch.DistinctBy(m => (m.ActivityId, m.DeviceId)).OrderBy(m => m.ActivityId).ThenBy(m => m.DeviceId, StringComparer.Ordinal).ToList();
        await using var register = new NpgsqlCommand("""
            INSERT INTO timeseries.activity_devices AS d (activity_id, device_id, kind, source, athlete_id)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::smallint[], $5::uuid[])
            ON CONFLICT (activity_id, device_id) DO UPDATE SET kind = COALESCE(EXCLUDED.kind, d.kind), athlete_id = COALESCE(d.athlete_id, EXCLUDED.athlete_id)
            RETURNING activity_id, device_id, last_t, running_figures, running_position
            """, connection, transaction);
        register.Parameters.Add(new() { Value = devices.Select(d => d.ActivityId).ToArray() });
        register.Parameters.Add(new() { Value = devices.Select(d => d.DeviceId).ToArray() });
        register.Parameters.Add(new() { Value = devices.Select(d => d.DeviceKind).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        register.Parameters.Add(new() { Value = devices.Select(d => (short)d.Source).ToArray() });
        register.Parameters.Add(new() { Value = devices.Select(d => d.AthleteId).ToArray() });
        var marks = new Dictionary<(Guid, string), DeviceMark>();
        await using var reader = await register.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            marks[(reader.GetGuid(0), reader.GetString(1))] = new DeviceMark(
                reader.IsDBNull(2) ? null : new DateTimeOffset(reader.GetDateTime(2)).ToUnixTimeMilliseconds(),
                reader.IsDBNull(3) ? null : (byte[])reader[3], reader.IsDBNull(4) ? null : (byte[])reader[4]);
        }

        return marks;
    }

    /// <summary>Moves each device's mark up to the latest sample of the batch and keeps the running figures of those in <paramref name="figures"/>.</summary>
    public static Task AdvanceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<SampleBatch> batch,
        IReadOnlyDictionary<(Guid ActivityId, string DeviceId), (byte[]? Figures, byte[]? Position)> figures, CancellationToken cancellationToken)
    {
        var latest = batch.Where(m => m.Samples.Count > 0).GroupBy(m => (m.ActivityId, m.DeviceId))
            .Select(g => (g.Key.ActivityId, g.Key.DeviceId, T: g.Max(m => m.Samples.Max(s => s.T)), Kept: figures.TryGetValue(g.Key, out var kept), Figures: kept))
            .ToList();
        return PostgresCommands.ExecuteAsync(connection, transaction, """
            UPDATE timeseries.activity_devices d SET last_t = GREATEST(d.last_t, u.t),
                running_figures = CASE WHEN u.kept THEN u.figures ELSE d.running_figures END,
                running_position = CASE WHEN u.kept THEN u.position ELSE d.running_position END
            FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::boolean[], $5::bytea[], $6::bytea[]) AS u(activity_id, device_id, t, kept, figures, position)
            WHERE d.activity_id = u.activity_id AND d.device_id = u.device_id
            """, cancellationToken, latest.Select(l => l.ActivityId).ToArray(), latest.Select(l => l.DeviceId).ToArray(),
            latest.Select(l => DateTimeOffset.FromUnixTimeMilliseconds(l.T).UtcDateTime).ToArray(), latest.Select(l => l.Kept).ToArray(),
            latest.Select(l => l.Figures.Figures).ToArray(), latest.Select(l => l.Figures.Position).ToArray());
    }
}

/// <summary>A device's latest stored sample time (null: nothing stored), its running figures and their last position (sealed, or 16 plain bytes).</summary>
internal sealed record DeviceMark(long? LastT, byte[]? RunningFigures, byte[]? RunningPosition);
