using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using Npgsql;
using NpgsqlTypes;

namespace FitnessDriver.TimeSeries;

/// <summary>
/// Writes sample batches with binary COPY into a staging table, then inserts what is new: a sample is unique by
/// (activity, device, time), so re-delivered or re-sent batches change nothing.
/// </summary>
public sealed class SampleSink(TimeSeriesDatabase database, SamplePartitions partitions) : IEventSink<SampleBatch>
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
    public SampleBatch? Decode(LogRecord record) => SampleBatchCodec.Decode(record.Value.Span);

    /// <inheritdoc />
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Decoded<SampleBatch>> batch, CancellationToken cancellationToken)
    {
        await partitions.EnsureAsync(batch.SelectMany(b => b.Message.Samples).Select(s => s.T), cancellationToken);
        await using (var staging = new NpgsqlCommand(
            "CREATE TEMP TABLE IF NOT EXISTS samples_staging (LIKE timeseries.samples) ON COMMIT DELETE ROWS", connection, transaction))
        {
            await staging.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY samples_staging (activity_id, device_id, t, athlete_id, hr, power, cadence, speed, distance, lat, lon, alt, rr) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            foreach (var (_, message) in batch)
            {
                foreach (var sample in message.Samples)
                    await WriteRowAsync(copy, message, sample, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using (var insert = new NpgsqlCommand(
            "INSERT INTO timeseries.samples SELECT * FROM samples_staging ON CONFLICT DO NOTHING", connection, transaction))
        {
            TimeSeriesMetrics.RecordStored(await insert.ExecuteNonQueryAsync(cancellationToken));
        }

        var devices = batch.Select(b => b.Message).DistinctBy(m => (m.ActivityId, m.DeviceId)).ToList();
        await using var register = new NpgsqlCommand("""
            INSERT INTO timeseries.activity_devices (activity_id, device_id, kind, source)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::smallint[])
            ON CONFLICT (activity_id, device_id) DO UPDATE SET kind = COALESCE(EXCLUDED.kind, timeseries.activity_devices.kind)
            """, connection, transaction);
        register.Parameters.Add(new() { Value = devices.Select(d => d.ActivityId).ToArray() });
        register.Parameters.Add(new() { Value = devices.Select(d => d.DeviceId).ToArray() });
        register.Parameters.Add(new() { Value = devices.Select(d => d.DeviceKind).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        register.Parameters.Add(new() { Value = devices.Select(d => (short)d.Source).ToArray() });
        await register.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteRowAsync(NpgsqlBinaryImporter copy, SampleBatch batch, Sample sample, CancellationToken cancellationToken)
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
        await WriteNullableAsync(copy, sample.Lat, NpgsqlDbType.Double, cancellationToken);
        await WriteNullableAsync(copy, sample.Lon, NpgsqlDbType.Double, cancellationToken);
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
