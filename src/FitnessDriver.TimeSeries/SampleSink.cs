using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Postgres.Deletion;
using FitnessDriver.ServiceDefaults.Privacy;
using Npgsql;
using NpgsqlTypes;

namespace FitnessDriver.TimeSeries;

/// <summary>
/// Writes sample batches with binary COPY into a staging table, then inserts what is new: a sample is unique by
/// (activity, device, time), so re-delivered or re-sent batches change nothing. Positions go sealed into
/// <c>timeseries.positions</c> (see <see cref="PositionBlocks"/>) unless sealing is off; erased athletes' batches are left out.
/// </summary>
public sealed class SampleSink(TimeSeriesDatabase database, SamplePartitions partitions, IAthleteKeys keys, EventSealing sealing) : IEventSink<SampleBatch>
{
    /// <summary>The consumer group.</summary>
    public const string GroupName = "timeseries-samples";

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
        var (erased, deleted) = await DeletedActivities.GuardAsync(connection, transaction, database.Schema, batch.Select(d => d.Message.AthleteId),
            batch.Select(d => d.Message.ActivityId), cancellationToken);
        var accepted = new List<(SampleBatch Message, byte[]? Key)>(batch.Count);
        foreach (var message in batch.Select(d => d.Message).Where(m => !erased.Contains(m.AthleteId) && !deleted.Contains(m.ActivityId)))
        {
            byte[]? key = null;
            if (sealing.Enabled && message.Samples.Any(s => s.HasPosition) && (key = await keys.FindAsync(message.AthleteId, cancellationToken)) is null)
                continue;
            accepted.Add((message, key));
        }

        if (accepted.Count == 0)
            return;
        await partitions.EnsureAsync(accepted.SelectMany(b => b.Message.Samples).Select(s => s.T), cancellationToken);
        await using (var staging = new NpgsqlCommand(
            "CREATE TEMP TABLE IF NOT EXISTS samples_staging (LIKE timeseries.samples) ON COMMIT DELETE ROWS", connection, transaction))
        {
            await staging.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY samples_staging (activity_id, device_id, t, athlete_id, hr, power, cadence, speed, distance, lat, lon, alt, rr) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            foreach (var (message, key) in accepted)
            {
                foreach (var sample in message.Samples)
                    await WriteRowAsync(copy, message, sample, plainPositions: key is null, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using (var insert = new NpgsqlCommand(
            "INSERT INTO timeseries.samples SELECT * FROM samples_staging ON CONFLICT DO NOTHING", connection, transaction))
        {
            TimeSeriesMetrics.RecordStored(await insert.ExecuteNonQueryAsync(cancellationToken));
        }

        await WritePositionsAsync(connection, transaction, accepted, cancellationToken);
        var devices = accepted.Select(b => b.Message).DistinctBy(m => (m.ActivityId, m.DeviceId)).ToList();
        await using var register = new NpgsqlCommand("""
            INSERT INTO timeseries.activity_devices (activity_id, device_id, kind, source, athlete_id)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::smallint[], $5::uuid[])
            ON CONFLICT (activity_id, device_id) DO UPDATE SET kind = COALESCE(EXCLUDED.kind, timeseries.activity_devices.kind),
                athlete_id = COALESCE(timeseries.activity_devices.athlete_id, EXCLUDED.athlete_id)
            """, connection, transaction);
        register.Parameters.Add(new() { Value = devices.Select(d => d.ActivityId).ToArray() });
        register.Parameters.Add(new() { Value = devices.Select(d => d.DeviceId).ToArray() });
        register.Parameters.Add(new() { Value = devices.Select(d => d.DeviceKind).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        register.Parameters.Add(new() { Value = devices.Select(d => (short)d.Source).ToArray() });
        register.Parameters.Add(new() { Value = devices.Select(d => d.AthleteId).ToArray() });
        await register.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WritePositionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<(SampleBatch Message, byte[]? Key)> batch,
        CancellationToken cancellationToken)
    {
        var blocks = batch.Where(b => b.Key is not null)
            .Select(b => (b.Message, b.Key, Positions: b.Message.Samples.Where(s => s.HasPosition).Select(s => new Position(s.T, s.Lat!.Value, s.Lon!.Value)).ToList()))
            .Where(b => b.Positions.Count > 0).ToList();
        if (blocks.Count == 0)
            return;
        await PostgresCommands.ExecuteAsync(connection, transaction, """
            INSERT INTO timeseries.positions (activity_id, device_id, first_t, last_t, athlete_id, sealed)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::uuid[], $6::bytea[])
            ON CONFLICT DO NOTHING
            """, cancellationToken, blocks.Select(b => b.Message.ActivityId).ToArray(), blocks.Select(b => b.Message.DeviceId).ToArray(),
            blocks.Select(b => Time(b.Positions.Min(p => p.T))).ToArray(), blocks.Select(b => Time(b.Positions.Max(p => p.T))).ToArray(), blocks.Select(b => b.Message.AthleteId).ToArray(),
            blocks.Select(b => PositionBlocks.Seal(b.Key!, b.Message.AthleteId, b.Positions)).ToArray());
    }

    private static DateTime Time(long epochMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds).UtcDateTime;

    private static async Task WriteRowAsync(NpgsqlBinaryImporter copy, SampleBatch batch, Sample sample, bool plainPositions, CancellationToken cancellationToken)
    {
        await copy.StartRowAsync(cancellationToken);
        await copy.WriteAsync(batch.ActivityId, NpgsqlDbType.Uuid, cancellationToken);
        await copy.WriteAsync(batch.DeviceId, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(sample.T).UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
        await copy.WriteAsync(batch.AthleteId, NpgsqlDbType.Uuid, cancellationToken);
        await WriteNullableAsync(copy, (short?)sample.Hr, NpgsqlDbType.Smallint, cancellationToken);
        await WriteNullableAsync(copy, (short?)sample.Power, NpgsqlDbType.Smallint, cancellationToken);
        await WriteNullableAsync(copy, (short?)sample.Cadence, NpgsqlDbType.Smallint, cancellationToken);
        await WriteNullableAsync(copy, sample.Speed, NpgsqlDbType.Real, cancellationToken);
        await WriteNullableAsync(copy, sample.Distance, NpgsqlDbType.Double, cancellationToken);
        await WriteNullableAsync(copy, plainPositions ? sample.Lat : null, NpgsqlDbType.Double, cancellationToken);
        await WriteNullableAsync(copy, plainPositions ? sample.Lon : null, NpgsqlDbType.Double, cancellationToken);
        await WriteNullableAsync(copy, sample.Alt, NpgsqlDbType.Real, cancellationToken);
        if (sample.Rr is { Count: > 0 } rr)
            await copy.WriteAsync(rr.Select(r => (short)Math.Clamp(r, short.MinValue, short.MaxValue)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Smallint, cancellationToken);
        else
            await copy.WriteNullAsync(cancellationToken);
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct
    {
        if (value is { } v)
            await copy.WriteAsync(v, type, cancellationToken);
        else
            await copy.WriteNullAsync(cancellationToken);
    }
}
