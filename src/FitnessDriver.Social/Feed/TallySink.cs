using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Postgres.Deletion;
using FitnessDriver.ServiceDefaults.Privacy;
using Npgsql;
using NpgsqlTypes;

namespace FitnessDriver.Social.Feed;

/// <summary>Adds up each device's samples per activity (<see cref="DeviceTally"/>): the distance and moving time feeds and club boards show.</summary>
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

        var tallies = await LoadAsync(connection, transaction, devices.Select(d => d.Key).ToList(), cancellationToken);
        var rows = devices.Select(d => (d.Key, d.First().AthleteId, Tally: DeviceTally.Add(tallies.GetValueOrDefault(d.Key), d.SelectMany(m => m.Samples)))).ToList();
        await using var upsert = PostgresCommands.Create(connection, transaction, """
            INSERT INTO social.tallies (activity_id, device_id, athlete_id, first_t, last_t, distance_m, moving_s, last_distance, last_lat, last_lon)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::bigint[], $5::bigint[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[])
            ON CONFLICT (activity_id, device_id) DO UPDATE SET last_t = EXCLUDED.last_t, distance_m = EXCLUDED.distance_m, moving_s = EXCLUDED.moving_s,
                last_distance = EXCLUDED.last_distance, last_lat = EXCLUDED.last_lat, last_lon = EXCLUDED.last_lon
            """,
            rows.Select(r => r.Key.ActivityId).ToArray(), rows.Select(r => r.Key.DeviceId).ToArray(), rows.Select(r => r.AthleteId).ToArray(),
            rows.Select(r => r.Tally.FirstT).ToArray(), rows.Select(r => r.Tally.LastT).ToArray(), rows.Select(r => r.Tally.DistanceM).ToArray(),
            rows.Select(r => r.Tally.MovingS).ToArray(), Nullable(rows.Select(r => r.Tally.LastDistance)), Nullable(rows.Select(r => r.Tally.LastLat)),
            Nullable(rows.Select(r => r.Tally.LastLon)));
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Nullable(IEnumerable<double?> values) =>
        new() { Value = values.Select(v => v is { } x ? (object)x : DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double };

    private static async Task<Dictionary<(Guid ActivityId, string DeviceId), DeviceTally>> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        List<(Guid ActivityId, string DeviceId)> keys, CancellationToken cancellationToken)
    {
        await using var select = PostgresCommands.Create(connection, transaction, """
            SELECT t.activity_id, t.device_id, first_t, last_t, distance_m, moving_s, last_distance, last_lat, last_lon
            FROM social.tallies t JOIN unnest($1::uuid[], $2::text[]) k(activity_id, device_id) USING (activity_id, device_id)
            FOR UPDATE OF t
            """, keys.Select(k => k.ActivityId).ToArray(), keys.Select(k => k.DeviceId).ToArray());
        var tallies = new Dictionary<(Guid, string), DeviceTally>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tallies[(reader.GetGuid(0), reader.GetString(1))] = new DeviceTally(reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4), reader.GetDouble(5),
                reader.IsDBNull(6) ? null : reader.GetDouble(6), reader.IsDBNull(7) ? null : reader.GetDouble(7), reader.IsDBNull(8) ? null : reader.GetDouble(8));
        }

        return tallies;
    }
}
