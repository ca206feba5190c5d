using FitnessDriver.Postgres.Erasure;
using Npgsql;

namespace FitnessDriver.Postgres.Deletion;

/// <summary>
/// The activities a service has deleted (<c>&lt;schema&gt;.deleted_activities</c>). A deletion takes the same lock as an
/// erasure (<see cref="ErasedAthletes"/>), so a consumer's batch in flight is either deleted with the rest or, when it
/// commits later, sees the deletion and leaves the activity out.
/// </summary>
public static class DeletedActivities
{
    /// <summary>
    /// Those of <paramref name="activityIds"/> that were deleted. Call it after <see cref="ErasedAthletes.GuardAsync"/> in
    /// the same transaction (that call holds the lock a deletion waits for).
    /// </summary>
    public static async Task<HashSet<Guid>> FindAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema,
        IEnumerable<Guid> activityIds, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, transaction,
            $"SELECT activity_id FROM {schema}.deleted_activities WHERE activity_id = ANY($1)", activityIds.Distinct().ToArray());
        var deleted = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            deleted.Add(reader.GetGuid(0));
        return deleted;
    }

    /// <summary>Waits for consumers' transactions in flight and records the deletion; false when it was recorded before.</summary>
    public static async Task<bool> MarkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, Guid activityId, Guid athleteId,
        DateTime deletedAt, CancellationToken cancellationToken)
    {
        await ErasedAthletes.LockAsync(connection, transaction, schema, cancellationToken);
        return await PostgresCommands.ExecuteAsync(connection, transaction,
            $"INSERT INTO {schema}.deleted_activities (activity_id, athlete_id, deleted_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            cancellationToken, activityId, athleteId, deletedAt) == 1;
    }
}
