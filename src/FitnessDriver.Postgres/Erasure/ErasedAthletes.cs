using Npgsql;

namespace FitnessDriver.Postgres.Erasure;

/// <summary>
/// The athletes a service has erased (<c>&lt;schema&gt;.erased_athletes</c>), and the lock that keeps an erasure and the
/// service's consumers apart: a batch in flight when an athlete is erased is either deleted with the rest or, if it
/// commits later, sees the erasure and leaves the athlete's data out. Nothing of an erased athlete comes back.
/// </summary>
public static class ErasedAthletes
{
    // pg_advisory_xact_lock(int, int): one lock per schema in a class of our own.
    private const int LockClass = 0x46_44_45_52;

    /// <summary>
    /// Takes the shared erasure lock of <paramref name="schema"/> until the transaction ends and returns those of
    /// <paramref name="athleteIds"/> that were erased: call it first in a consumer's transaction and drop their data.
    /// </summary>
    public static async Task<HashSet<Guid>> GuardAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema,
        IEnumerable<Guid> athleteIds, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, transaction, GuardSql(schema), athleteIds.Distinct().ToArray());
        var erased = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            erased.Add(reader.GetGuid(0));
        return erased;
    }

    /// <summary>The query of <see cref="GuardAsync"/>: the erased ones of <c>$1</c>, under the shared lock.</summary>
    internal static string GuardSql(string schema) => $"""
        SELECT athlete_id FROM {schema}.erased_athletes, pg_advisory_xact_lock_shared({LockClass}, hashtext('{schema}'))
        WHERE athlete_id = ANY($1)
        """;

    /// <summary>
    /// Takes the exclusive erasure lock (waiting for consumers' transactions in flight) and records the erasure;
    /// false when it was recorded before (a re-delivered event), which changes nothing.
    /// </summary>
    public static async Task<bool> MarkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, Guid athleteId,
        DateTime erasedAt, CancellationToken cancellationToken)
    {
        await LockAsync(connection, transaction, schema, cancellationToken);
        return await PostgresCommands.ExecuteAsync(connection, transaction,
            $"INSERT INTO {schema}.erased_athletes (athlete_id, erased_at) VALUES ($1, $2) ON CONFLICT DO NOTHING", cancellationToken, athleteId, erasedAt) == 1;
    }

    /// <summary>Takes the exclusive lock of <paramref name="schema"/> until the transaction ends, waiting for consumers' transactions in flight.</summary>
    public static Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, CancellationToken cancellationToken) =>
        PostgresCommands.ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({LockClass}, hashtext('{schema}'))", cancellationToken);

    /// <summary>Stores what the erasure deleted, for operators and audits (counts only, nothing of the athlete).</summary>
    public static Task SetDeletedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, Guid athleteId,
        IReadOnlyDictionary<string, long> deleted, CancellationToken cancellationToken) =>
        PostgresCommands.ExecuteAsync(connection, transaction, $"UPDATE {schema}.erased_athletes SET deleted = $2::jsonb WHERE athlete_id = $1",
            cancellationToken, athleteId, System.Text.Json.JsonSerializer.Serialize(deleted));
}
