using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Postgres.Deletion;
using FitnessDriver.ServiceDefaults.Privacy;
using Npgsql;
using NpgsqlTypes;

namespace FitnessDriver.Social.Feed;

/// <summary>
/// Adds up each device's samples per activity (<see cref="DeviceTally"/>): the distance and moving time feeds and club boards show.
/// The device's latest position, kept to measure the next step, is sealed with the athlete's data key.
/// </summary>
public sealed class TallySink(SocialDatabase database, IAthleteKeys keys) : IEventSink<SampleBatch>
{
    /// <summary>The consumer group.</summary>
    public const string GroupName = "social-tallies";

    /// <inheritdoc />
    public string Group => GroupName;

    /// <inheritdoc />
    public IReadOnlyList<string> Topics { get; } = [Contracts.Topics.TelemetrySamples];

    /// <inheritdoc />
    public ServiceDatabase Database => database;

    /// <inheritdoc />
    public ValueTask<SampleBatch?> DecodeAsync(LogRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return SealedEvents.OpenSampleBatchAsync(record.Value, keys, cancellationToken);
    }

    /// <inheritdoc />
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Decoded<SampleBatch>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (erased, deleted) = await DeletedActivities.GuardAsync(connection, transaction, database.Schema, batch.Select(b => b.Message.AthleteId),
            batch.Select(b => b.Message.ActivityId), cancellationToken);
        var devices = batch.Select(b => b.Message).Where(m => !erased.Contains(m.AthleteId) && !deleted.Contains(m.ActivityId) && m.Samples.Count > 0)
            .GroupBy(m => (m.ActivityId, m.DeviceId)).ToList();
        if (devices.Count == 0)
            return;

        var athleteKeys = new Dictionary<Guid, byte[]>();
        foreach (var athleteId in devices.Select(d => d.First().AthleteId).Distinct())
            athleteKeys[athleteId] = await keys.FindAsync(athleteId, cancellationToken) ?? throw new KeysUnavailableException($"No data key for athlete {athleteId}.");
        var tallies = await LoadAsync(connection, transaction, devices.Select(d => (d.Key, athleteKeys[d.First().AthleteId])).ToList(), cancellationToken);
        var rows = devices.Select(d => (d.Key, d.First().AthleteId, Tally: DeviceTally.Add(tallies.GetValueOrDefault(d.Key), d.SelectMany(m => m.Samples)))).ToList();
        await using var upsert = PostgresCommands.Create(connection, transaction, """
            INSERT INTO social.tallies (activity_id, device_id, athlete_id, first_t, last_t, distance_m, moving_s, last_distance, last_position)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::bigint[], $5::bigint[], $6::float8[], $7::float8[], $8::float8[], $9::bytea[])
            ON CONFLICT (activity_id, device_id) DO UPDATE SET last_t = EXCLUDED.last_t, distance_m = EXCLUDED.distance_m, moving_s = EXCLUDED.moving_s,
                last_distance = EXCLUDED.last_distance, last_position = EXCLUDED.last_position
            """,
            rows.Select(r => r.Key.ActivityId).ToArray(), rows.Select(r => r.Key.DeviceId).ToArray(), rows.Select(r => r.AthleteId).ToArray(),
            rows.Select(r => r.Tally.FirstT).ToArray(), rows.Select(r => r.Tally.LastT).ToArray(), rows.Select(r => r.Tally.DistanceM).ToArray(),
            rows.Select(r => r.Tally.MovingS).ToArray(), Nullable(rows.Select(r => r.Tally.LastDistance)),
            new NpgsqlParameter { Value = rows.Select(r => (object?)SealedPosition.Seal(athleteKeys[r.AthleteId], r.AthleteId, r.Tally) ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Nullable(IEnumerable<double?> values) =>
        new() { Value = values.Select(v => v is { } x ? (object)x : DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double };

    private static async Task<Dictionary<(Guid ActivityId, string DeviceId), DeviceTally>> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        List<((Guid ActivityId, string DeviceId) Device, byte[] Key)> devices, CancellationToken cancellationToken)
    {
        var keyOf = devices.ToDictionary(d => d.Device, d => d.Key);
        await using var select = PostgresCommands.Create(connection, transaction, """
            SELECT t.activity_id, t.device_id, first_t, last_t, distance_m, moving_s, last_distance, last_position
            FROM social.tallies t JOIN unnest($1::uuid[], $2::text[]) k(activity_id, device_id) USING (activity_id, device_id)
            FOR UPDATE OF t
            """, devices.Select(d => d.Device.ActivityId).ToArray(), devices.Select(d => d.Device.DeviceId).ToArray());
        var tallies = new Dictionary<(Guid, string), DeviceTally>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var device = (reader.GetGuid(0), reader.GetString(1));
            var tally = new DeviceTally(reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4), reader.GetDouble(5), reader.IsDBNull(6) ? null : reader.GetDouble(6), null, null);
            tallies[device] = SealedPosition.Open(keyOf[device], tally, reader.IsDBNull(7) ? null : (byte[])reader[7]);
        }

        return tallies;
    }
}
