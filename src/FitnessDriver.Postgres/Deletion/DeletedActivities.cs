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
    /// <see cref="ErasedAthletes.GuardAsync"/> and the deleted ones of <paramref name="activityIds"/>, in one round trip: call
    /// it first in a consumer's transaction and drop the data of both.
    /// </summary>
    public static async Task<(HashSet<Guid> ErasedAthletes, HashSet<Guid> DeletedActivities)> GuardAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, string schema, IEnumerable<Guid> athleteIds, IEnumerable<Guid> activityIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // One batch, in order: the shared lock the first statement takes covers the second.
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(ErasedAthletes.GuardSql(schema)) { Parameters = { new() { Value = athleteIds.Distinct().ToArray() } } },
                new NpgsqlBatchCommand($"SELECT activity_id FROM {schema}.deleted_activities WHERE activity_id = ANY($1)")
                {
                    Parameters = { new() { Value = activityIds.Distinct().ToArray() } },
                },
            },
        };
        var (erased, deleted) = (new HashSet<Guid>(), new HashSet<Guid>());
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        foreach (var found in new[] { erased, deleted })
        {
            while (await reader.ReadAsync(cancellationToken))
                found.Add(reader.GetGuid(0));
            await reader.NextResultAsync(cancellationToken);
        }

        return (erased, deleted);
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
