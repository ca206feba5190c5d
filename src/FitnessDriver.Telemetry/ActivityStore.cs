using FitnessDriver.Contracts;
using FitnessDriver.EventLog;
using FitnessDriver.Hosting;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using Npgsql;
using NpgsqlTypes;

namespace FitnessDriver.Telemetry;

/// <summary>
/// Every activity the edge has seen, in <c>telemetry.activities</c> (kept by <see cref="ActivityStoreSink"/>): where the
/// <see cref="ActivityDirectory"/> reads back what it no longer holds.
/// </summary>
public sealed class ActivityStore(TelemetryDatabase database, IEventLog log)
{
    private const string Columns = "activity_id, athlete_id, deleted, sport, started_at, finished_at, merged_into, name, sealed_name, visibility";
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(3);

    /// <summary>What the store knows of the activity, once it has read the lifecycle topic as far as it reaches now.</summary>
    public async Task<KnownActivity?> FindAsync(Guid activityId, CancellationToken cancellationToken) =>
        (await ReadAsync("activity_id = $1", activityId, cancellationToken)).SingleOrDefault();

    /// <summary>Every activity of the athlete, deleted ones included, once the store has read the lifecycle topic as far as it reaches now.</summary>
    public Task<List<KnownActivity>> OfAthleteAsync(Guid athleteId, CancellationToken cancellationToken) =>
        ReadAsync("athlete_id = $1", athleteId, cancellationToken);

    /// <summary>The rows for <paramref name="activityIds"/>, locked until <paramref name="transaction"/> ends.</summary>
    internal static async Task<Dictionary<Guid, KnownActivity>> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] activityIds,
        CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, transaction,
            $"SELECT {Columns} FROM telemetry.activities WHERE activity_id = ANY($1) FOR UPDATE", activityIds);
        return (await ReadAllAsync(command, cancellationToken)).ToDictionary(k => k.ActivityId);
    }

    /// <summary>Writes <paramref name="changed"/> over what the rows held.</summary>
    internal static Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<KnownActivity> changed,
        CancellationToken cancellationToken)
    {
        var entries = changed.Select(k => k.Entry).ToList();
        return PostgresCommands.ExecuteAsync(connection, transaction, $"""
            INSERT INTO telemetry.activities ({Columns})
            SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::boolean[], $4::text[], $5::bigint[], $6::bigint[], $7::uuid[], $8::text[], $9::bytea[], $10::text[])
            ON CONFLICT (activity_id) DO UPDATE SET deleted = EXCLUDED.deleted, sport = EXCLUDED.sport, started_at = EXCLUDED.started_at,
                finished_at = EXCLUDED.finished_at, merged_into = EXCLUDED.merged_into, name = EXCLUDED.name, sealed_name = EXCLUDED.sealed_name,
                visibility = EXCLUDED.visibility
            """, cancellationToken,
            changed.Select(k => k.ActivityId).ToArray(), changed.Select(k => k.AthleteId).ToArray(), changed.Select(k => k.IsDeleted).ToArray(),
            Nullable(entries.Select(e => e?.Sport.ToName()), NpgsqlDbType.Text), Nullable(entries.Select(e => e?.StartedAt), NpgsqlDbType.Bigint),
            Nullable(entries.Select(e => e?.FinishedAt), NpgsqlDbType.Bigint), Nullable(entries.Select(e => e?.MergedInto), NpgsqlDbType.Uuid),
            Nullable(entries.Select(e => e?.Name), NpgsqlDbType.Text), Nullable(entries.Select(e => e?.SealedName), NpgsqlDbType.Bytea),
            Nullable(entries.Select(e => e?.Visibility.ToName()), NpgsqlDbType.Text));
    }

    private async Task<List<KnownActivity>> ReadAsync(string condition, Guid id, CancellationToken cancellationToken)
    {
        if (!await ConsumerPositions.WaitForCatchUpAsync(log, database, ActivityStoreSink.GroupName, Topics.ActivityLifecycle, CatchUpTimeout, cancellationToken))
            throw new RetryLaterException("The activity store has not yet read the lifecycle topic as far as it reaches.");
        await using var command = PostgresCommands.Create(database.DataSource, $"SELECT {Columns} FROM telemetry.activities WHERE {condition}", id);
        return await ReadAllAsync(command, cancellationToken);
    }

    private static async Task<List<KnownActivity>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var found = new List<KnownActivity>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (activityId, athleteId) = (reader.GetGuid(0), reader.GetGuid(1));
            found.Add(new KnownActivity(activityId, athleteId, reader.GetBoolean(2) ? null : new ActivityEntry(activityId, athleteId,
                SportNames.TryParse(reader.GetString(3), out var sport) ? sport : Sport.Other, reader.GetInt64(4),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetGuid(6),
                reader.IsDBNull(8) ? null : (byte[])reader[8], VisibilityNames.TryParse(reader.GetString(9), out var visibility) ? visibility : Visibility.Everyone)));
        }

        return found;
    }

    private static NpgsqlParameter Nullable<T>(IEnumerable<T> values, NpgsqlDbType type) =>
        new() { Value = values.Select(v => (object?)v ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type };
}
