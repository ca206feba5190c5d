using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Postgres.Deletion;
using FitnessDriver.ServiceDefaults.Privacy;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FitnessDriver.TimeSeries;

/// <summary>
/// Writes sample batches with binary COPY: straight into <c>timeseries.samples</c> when a sample is after everything its
/// device stored (see <see cref="DeviceHighWater"/>), else into a staging table and then only what is new — a sample is
/// unique by (activity, device, time), so re-delivered or re-sent batches change nothing. Positions go sealed into
/// <c>timeseries.positions</c> (see <see cref="PositionBlocks"/>) unless sealing is off, and what is new is added to the
/// rollups (see <see cref="SampleRollups"/>); erased athletes' batches are left out.
/// </summary>
public sealed class SampleSink(TimeSeriesDatabase database, SamplePartitions partitions, IAthleteKeys keys, EventSealing sealing, IOptions<SampleWriterOptions> options)
    : IEventSink<SampleBatch>
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
    public TimeSpan Linger { get; } = TimeSpan.FromMilliseconds(Math.Max(0, options.Value.LingerMilliseconds));

    /// <inheritdoc />
    public TimeSpan LingerQuiet { get; } = TimeSpan.FromMilliseconds(Math.Max(1, options.Value.LingerQuietMilliseconds));

    /// <inheritdoc />
    public int MaxBatch { get; } = options.Value.MaxBatchRecords;

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
        var marks = await DeviceHighWater.LockAsync(connection, transaction, accepted.Select(b => b.Message), cancellationToken);
        var (fresh, repeated) = Split(accepted, marks);
        await CopyAsync(connection, "timeseries.samples", fresh, cancellationToken);
        List<StoredSample> late = [];
        if (repeated.Count > 0)
        {
            await using (var staging = new NpgsqlCommand(
                "CREATE TEMP TABLE IF NOT EXISTS samples_staging (LIKE timeseries.samples) ON COMMIT DELETE ROWS", connection, transaction))
            {
                await staging.ExecuteNonQueryAsync(cancellationToken);
            }

            await CopyAsync(connection, "samples_staging", repeated, cancellationToken);
            late = await InsertNewAsync(connection, transaction, repeated, cancellationToken);
        }

        TimeSeriesMetrics.RecordStored(fresh.Count + late.Count);
        await SampleRollups.AddAsync(connection, transaction, late.Count == 0 ? fresh : [.. fresh, .. late], device => marks.GetValueOrDefault(device)?.LastT,
            cancellationToken);
        await WritePositionsAsync(connection, transaction, accepted, cancellationToken);
        var figures = RunningSummaries.Fold(accepted, marks, fresh, late);
        await DeviceHighWater.AdvanceAsync(connection, transaction, accepted.Select(b => b.Message), figures, cancellationToken);
    }

    /// <summary>
    /// Samples after their device's mark cannot repeat a stored sample; the mark moves up with each such sample, so a
    /// later one at or before it (out of order, or twice in the batch) goes with the rest — a batch delivered again, a
    /// request sent again, late samples — that may.
    /// </summary>
    private static (List<StoredSample> Fresh, List<StoredSample> Repeated) Split(List<(SampleBatch Message, byte[]? Key)> batch,
        Dictionary<(Guid, string), DeviceMark> marks)
    {
        var (fresh, repeated) = (new List<StoredSample>(batch.Sum(b => b.Message.Samples.Count)), new List<StoredSample>());
        var running = new Dictionary<(Guid, string), long>();
        foreach (var (message, key) in batch)
        {
            var device = (message.ActivityId, message.DeviceId);
            var mark = running.TryGetValue(device, out var moved) ? moved : marks.GetValueOrDefault(device)?.LastT ?? long.MinValue;
            foreach (var sample in message.Samples)
            {
                var isFresh = sample.T > mark;
                if (isFresh)
                    mark = sample.T;
                (isFresh ? fresh : repeated).Add(new StoredSample(message, sample, key is null));
            }

            running[device] = mark;
        }

        return (fresh, repeated);
    }

    /// <summary>Inserts the staged rows that are not stored yet; returns those (each key once).</summary>
    private static async Task<List<StoredSample>> InsertNewAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<StoredSample> staged,
        CancellationToken cancellationToken)
    {
        var byKey = new Dictionary<(Guid, string, long), StoredSample>();
        foreach (var row in staged)
            byKey.TryAdd((row.Batch.ActivityId, row.Batch.DeviceId, row.Sample.T), row);
        var inserted = new List<StoredSample>();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO timeseries.samples SELECT * FROM samples_staging ON CONFLICT DO NOTHING
            RETURNING activity_id, device_id, (extract(epoch FROM t) * 1000)::bigint
            """, connection, transaction);
        await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (byKey.TryGetValue((reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2)), out var row))
                inserted.Add(row);
        }

        return inserted;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, List<StoredSample> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
            return;
        await using var copy = await SampleCopy.BeginAsync(connection, table, cancellationToken);
        foreach (var row in rows)
            await SampleCopy.WriteAsync(copy, row.Batch.ActivityId, row.Batch.DeviceId, row.Batch.AthleteId, row.Sample, row.PlainPositions, cancellationToken);
        await copy.CompleteAsync(cancellationToken);
    }

    private static async Task WritePositionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<(SampleBatch Message, byte[]? Key)> batch,
        CancellationToken cancellationToken)
    {
        var blocks = batch.Where(b => b.Key is not null).Select(b => (b.Message, b.Key, Positions: PositionsOf(b.Message)))
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

    private static List<Position> PositionsOf(SampleBatch batch)
    {
        List<Position>? positions = null;
        foreach (var sample in batch.Samples)
        {
            if (sample.HasPosition)
                (positions ??= new(batch.Samples.Count)).Add(new Position(sample.T, sample.Lat!.Value, sample.Lon!.Value));
        }

        return positions ?? [];
    }

    private static DateTime Time(long epochMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds).UtcDateTime;
}
