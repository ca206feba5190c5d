using FitnessDriver.EventLog;
using Npgsql;
using NpgsqlTypes;

namespace FitnessDriver.Postgres.Consumers;

/// <summary>
/// Log positions stored in the service's own schema (<c>consumer_positions</c>), written in the same transaction as
/// the effects of the records they cover.
/// </summary>
public static class ConsumerPositions
{
    /// <summary>The positions of <paramref name="group"/>, by partition.</summary>
    public static async Task<Dictionary<TopicPartition, long>> LoadAsync(NpgsqlDataSource dataSource, string schema, string group, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT topic, partition, next_offset FROM {schema}.consumer_positions WHERE consumer_group = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = group });
        var positions = new Dictionary<TopicPartition, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            positions[new TopicPartition(reader.GetString(0), reader.GetInt32(1))] = reader.GetInt64(2);
        return positions;
    }

    /// <summary>Moves positions forward (never back) inside <paramref name="transaction"/>.</summary>
    public static async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, string group,
        IReadOnlyDictionary<TopicPartition, long> positions, CancellationToken cancellationToken)
    {
        if (positions.Count == 0)
            return;
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {schema}.consumer_positions (consumer_group, topic, partition, next_offset)
            SELECT $1, * FROM unnest($2::text[], $3::int[], $4::bigint[])
            ON CONFLICT (consumer_group, topic, partition)
            DO UPDATE SET next_offset = GREATEST({schema}.consumer_positions.next_offset, EXCLUDED.next_offset), updated_at = now()
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = group });
        command.Parameters.Add(new NpgsqlParameter { Value = positions.Keys.Select(p => p.Topic).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = positions.Keys.Select(p => p.Partition).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = positions.Values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Waits until <paramref name="group"/> has applied everything durable in <paramref name="topic"/> when the call began,
    /// so a read right after a write sees it. Returns false on timeout.
    /// </summary>
    public static async Task<bool> WaitForCatchUpAsync(IEventLog log, ServiceDatabase database, string group, string topic,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(database);
        var watermarks = await log.GetWatermarksAsync(topic, cancellationToken);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var positions = await LoadAsync(database.DataSource, database.Schema, group, cancellationToken);
            if (watermarks.All(w => w.Value.IsCaughtUp(positions.TryGetValue(w.Key, out var p) ? p : null)))
                return true;
            if (DateTime.UtcNow >= deadline)
                return false;
            await Task.Delay(20, cancellationToken);
        }
    }
}
