using FitnessDriver.Postgres;
using Npgsql;

namespace FitnessDriver.Gamification.Effort;

/// <summary>Athletes' zones in the database: what they set, the highest heart rate they held, their best 20-minute power.</summary>
internal static class ZoneStore
{
    public static async Task<Dictionary<Guid, AthleteZones>> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid[] athleteIds,
        EffortOptions options, CancellationToken cancellationToken)
    {
        var zones = athleteIds.ToDictionary(a => a, _ => AthleteZones.From(null, null, null, null, options));
        await using var command = PostgresCommands.Create(connection, transaction, """
            SELECT a.id, z.max_hr, z.ftp_watts, z.observed_max_hr, r.value
            FROM unnest($1::uuid[]) AS a(id)
            LEFT JOIN gamification.athlete_zones z ON z.athlete_id = a.id
            LEFT JOIN gamification.personal_records r ON r.athlete_id = a.id AND r.record = 'power-20m'
            """, athleteIds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            int? Int(int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);
            zones[reader.GetGuid(0)] = AthleteZones.From(Int(1), Int(2), Int(3), reader.IsDBNull(4) ? null : reader.GetDouble(4), options);
        }

        return zones;
    }

    /// <summary>Raises each athlete's highest held heart rate to what their activities just showed.</summary>
    public static Task ObserveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyDictionary<Guid, int> sustainedMaxHr,
        CancellationToken cancellationToken) =>
        sustainedMaxHr.Count == 0 ? Task.CompletedTask : PostgresCommands.ExecuteAsync(connection, transaction, """
            INSERT INTO gamification.athlete_zones AS z (athlete_id, observed_max_hr)
            SELECT * FROM unnest($1::uuid[], $2::int[]) ORDER BY 1
            ON CONFLICT (athlete_id) DO UPDATE SET observed_max_hr = greatest(z.observed_max_hr, EXCLUDED.observed_max_hr)
            """, cancellationToken, sustainedMaxHr.Keys.ToArray(), sustainedMaxHr.Values.ToArray());

    public static Task SetAsync(NpgsqlConnection connection, Guid athleteId, int? maxHr, int? ftpWatts, CancellationToken cancellationToken) =>
        PostgresCommands.ExecuteAsync(connection, null, """
            INSERT INTO gamification.athlete_zones AS z (athlete_id, max_hr, ftp_watts) VALUES ($1, $2, $3)
            ON CONFLICT (athlete_id) DO UPDATE SET max_hr = EXCLUDED.max_hr, ftp_watts = EXCLUDED.ftp_watts
            """, cancellationToken, athleteId, (object?)maxHr ?? DBNull.Value, (object?)ftpWatts ?? DBNull.Value);
}
