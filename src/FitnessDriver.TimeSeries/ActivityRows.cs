using Npgsql;

namespace FitnessDriver.TimeSeries;

/// <summary>An activity as TimeSeries stores it; <see cref="ActivityId"/> is the canonical id.</summary>
public sealed record ActivityRow(Guid ActivityId, string Sport, string? Name, DateTime StartedAt, DateTime? FinishedAt, byte[]? SealedName, string Visibility, Guid? MultisportId = null);

/// <summary>Finds an athlete's activity, following a merged activity to the one it was merged into.</summary>
public static class ActivityRows
{
    /// <summary>The activity (canonical), or null when it does not exist for this athlete.</summary>
    public static async Task<ActivityRow?> FindAsync(NpgsqlConnection connection, Guid activityId, Guid athleteId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand("""
            SELECT a.activity_id, a.sport, a.name, a.started_at, a.finished_at, a.sealed_name, a.visibility, a.multisport_id
            FROM timeseries.activities a
            WHERE a.athlete_id = $2 AND a.activity_id = COALESCE(
                (SELECT canonical_id FROM timeseries.activity_aliases WHERE activity_id = $1 AND athlete_id = $2), $1)
            """, connection)
        {
            Parameters = { new() { Value = activityId }, new() { Value = athleteId } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ActivityRow(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetDateTime(3), reader.IsDBNull(4) ? null : reader.GetDateTime(4), reader.IsDBNull(5) ? null : (byte[])reader[5], reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetGuid(7))
            : null;
    }
}
