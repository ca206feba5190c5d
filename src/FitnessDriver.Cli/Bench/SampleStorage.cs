using FitnessDriver.Contracts;
using FitnessDriver.EventLog;
using FitnessDriver.Host;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.TimeSeries;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FitnessDriver.Cli.Bench;

/// <summary>The size of <c>timeseries.samples</c> (its partitions or chunks included) and the rows in it.</summary>
internal sealed record StorageSize(long Bytes, long Rows)
{
    /// <summary>Bytes per stored row, or zero without rows.</summary>
    public double BytesPerRow => Rows == 0 ? 0 : (double)Bytes / Rows;
}

/// <summary>Outcome of compressing the samples' chunks: the size after, or why it was not measured.</summary>
internal sealed record CompressionResult(StorageSize? After, string? NotMeasured);

/// <summary>Reads and measures <c>timeseries.samples</c> in the host's database, and how far its writer has read the log.</summary>
internal sealed class SampleStorage(string connectionString, IEventLog log) : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);

    // The polls run while the timed rows are written: a parallel scan would start worker processes ten times a second.
    private readonly NpgsqlDataSource pollSource = NpgsqlDataSource.Create(
        new NpgsqlConnectionStringBuilder(connectionString) { Options = "-c max_parallel_workers_per_gather=0" }.ConnectionString);

    /// <summary>The samples of <paramref name="host"/>: its TimeSeries database and its log.</summary>
    public static SampleStorage Of(PlatformHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var database = host.App.Configuration.GetConnectionString("TimeSeries")
            ?? throw new InvalidOperationException("The bench host has no TimeSeries connection string.");
        return new SampleStorage(database, host.App.Services.GetRequiredService<IEventLog>());
    }

    /// <summary>The database, for the COPY baseline.</summary>
    public NpgsqlDataSource DataSource => dataSource;

    public async Task<long> CountAsync(CancellationToken cancellationToken) =>
        await ScalarAsync<long>("SELECT count(*) FROM timeseries.samples", cancellationToken);

    /// <summary>
    /// Samples stored, cheaply enough to poll while they are being written: the writer adds every sample it stores to the
    /// 1 min rollups in the same transaction, so their counts add up to <see cref="CountAsync"/> in every snapshot,
    /// without scanning the samples (which would cost PostgreSQL more than storing them).
    /// </summary>
    public async Task<long> StoredAsync(CancellationToken cancellationToken) =>
        await ScalarAsync<long>("SELECT coalesce(sum(samples), 0)::bigint FROM timeseries.rollups_1m", cancellationToken, pollSource);

    /// <summary>Where each partition of <c>telemetry.samples</c> ends now: every sample acknowledged so far lies before it.</summary>
    public async Task<IReadOnlyDictionary<TopicPartition, Watermarks>> LogEndAsync(CancellationToken cancellationToken) =>
        await log.GetWatermarksAsync(Topics.TelemetrySamples, cancellationToken);

    /// <summary>
    /// True once the samples writer has stored everything before <paramref name="end"/>. It saves its log positions in
    /// the transaction that stores the samples they cover, so this reads a handful of rows however many samples there
    /// are, and can be polled every few milliseconds without taking PostgreSQL's time from the writer.
    /// </summary>
    public async Task<bool> WriterReachedAsync(IReadOnlyDictionary<TopicPartition, Watermarks> end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(end);
        var positions = await ConsumerPositions.LoadAsync(pollSource, "timeseries", SampleSink.GroupName, cancellationToken);
        return end.All(p => p.Value.High <= p.Value.Low || (positions.TryGetValue(p.Key, out var position) && position >= p.Value.High));
    }

    public async Task<bool> IsHypertableAsync(CancellationToken cancellationToken) =>
        await ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')", cancellationToken)
        && await ScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_schema = 'timeseries' AND hypertable_name = 'samples')", cancellationToken);

    /// <summary>Total size (indexes and TOAST included) and rows of <c>timeseries.samples</c>.</summary>
    public async Task<StorageSize> MeasureAsync(CancellationToken cancellationToken)
    {
        var bytes = await IsHypertableAsync(cancellationToken)
            ? await ScalarAsync<long>("SELECT hypertable_size('timeseries.samples')", cancellationToken)
            : await ScalarAsync<long>("SELECT COALESCE(sum(pg_total_relation_size(relid)), 0)::bigint FROM pg_partition_tree('timeseries.samples')", cancellationToken);
        return new StorageSize(bytes, await CountAsync(cancellationToken));
    }

    /// <summary>Size of the whole database the samples live in (every service's schema in it), as the disk holds it.</summary>
    public async Task<long> DatabaseBytesAsync(CancellationToken cancellationToken) =>
        await ScalarAsync<long>("SELECT pg_database_size(current_database())", cancellationToken);

    /// <summary>Size of <c>timeseries.positions</c> (sealed GPS blocks), indexes included.</summary>
    public async Task<long> PositionsBytesAsync(CancellationToken cancellationToken) =>
        await ScalarAsync<long?>("SELECT pg_total_relation_size(to_regclass('timeseries.positions'))", cancellationToken) ?? 0;

    /// <summary>
    /// Size and rows of the samples' chunks that end before <paramref name="before"/> (rides recorded before it, such as
    /// imported device files); null without TimescaleDB.
    /// </summary>
    public async Task<StorageSize?> MeasureChunksBeforeAsync(DateTime before, CancellationToken cancellationToken)
    {
        if (!await IsHypertableAsync(cancellationToken))
            return null;
        await using var command = dataSource.CreateCommand("""
            SELECT (SELECT coalesce(sum(d.total_bytes), 0)::bigint FROM chunks_detailed_size('timeseries.samples') d
                    JOIN timescaledb_information.chunks c ON c.chunk_schema = d.chunk_schema AND c.chunk_name = d.chunk_name
                    WHERE c.range_end <= $1),
                   (SELECT count(*) FROM timeseries.samples s WHERE s.t < (SELECT coalesce(max(c.range_end), '-infinity') FROM timescaledb_information.chunks c
                        WHERE c.hypertable_schema = 'timeseries' AND c.hypertable_name = 'samples' AND c.range_end <= $1))
            """);
        command.Parameters.Add(new() { Value = before });
        command.CommandTimeout = 600;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new StorageSize(reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// Bytes of the compressed rows that hold the samples of the chunks ending before <paramref name="before"/>: each
    /// column's stored size (TOAST included) and each row's header, without the pages and indexes every chunk has
    /// however few rides it holds — what those rides take in chunks shared with many others. Null without TimescaleDB.
    /// </summary>
    public async Task<long?> CompressedRowBytesBeforeAsync(DateTime before, CancellationToken cancellationToken)
    {
        if (!await IsHypertableAsync(cancellationToken))
            return null;
        var chunks = new List<string>();
        await using (var command = dataSource.CreateCommand("""
            SELECT format('%I.%I', z.schema_name, z.table_name) FROM timescaledb_information.chunks c
            JOIN _timescaledb_catalog.chunk k ON k.schema_name = c.chunk_schema AND k.table_name = c.chunk_name
            JOIN _timescaledb_catalog.chunk z ON z.id = k.compressed_chunk_id
            WHERE c.hypertable_schema = 'timeseries' AND c.hypertable_name = 'samples' AND c.range_end <= $1
            """))
        {
            command.Parameters.Add(new() { Value = before });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                chunks.Add(reader.GetString(0));
        }

        long bytes = 0;
        foreach (var chunk in chunks)
        {
            var columns = await ScalarAsync<string>($"""
                SELECT string_agg(format('coalesce(pg_column_size(%I), 0)', attname), ' + ') FROM pg_attribute
                WHERE attrelid = '{chunk}'::regclass AND attnum > 0 AND NOT attisdropped
                """, cancellationToken);
            // A heap row's header (23 bytes, aligned to 24) and its line pointer (4).
            bytes += await ScalarAsync<long>($"SELECT coalesce(sum({columns} + 28), 0)::bigint FROM {chunk}", cancellationToken);
        }

        return bytes;
    }

    /// <summary>Bytes of an athlete's rows in <c>timeseries.positions</c> (columns, sealed blocks, row headers), without pages and indexes.</summary>
    public async Task<long> PositionRowBytesAsync(Guid athleteId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT coalesce(sum(pg_column_size(activity_id) + pg_column_size(device_id) + pg_column_size(first_t) + pg_column_size(last_t)
                + pg_column_size(athlete_id) + pg_column_size(sealed) + 28), 0)::bigint
            FROM timeseries.positions WHERE athlete_id = $1
            """);
        command.Parameters.Add(new() { Value = athleteId });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Size of the 10 s and 1 min rollups (<c>hypertable_size</c> with TimescaleDB), indexes included.</summary>
    public async Task<long> RollupBytesAsync(CancellationToken cancellationToken) =>
        await IsHypertableAsync(cancellationToken)
            ? await ScalarAsync<long>("SELECT hypertable_size('timeseries.rollups_10s') + hypertable_size('timeseries.rollups_1m')", cancellationToken)
            : await ScalarAsync<long>("SELECT pg_total_relation_size('timeseries.rollups_10s') + pg_total_relation_size('timeseries.rollups_1m')", cancellationToken);

    /// <summary>With TimescaleDB, compresses every chunk of the samples (and of the rollups) and measures the samples again.</summary>
    public async Task<CompressionResult> CompressAsync(CancellationToken cancellationToken)
    {
        if (!await IsHypertableAsync(cancellationToken))
            return new CompressionResult(null, "TimescaleDB is absent (samples are natively partitioned), so compression is not measured.");
        try
        {
            await ScalarAsync<object>("SELECT count(compress_chunk(c, true)) FROM show_chunks('timeseries.samples') c", cancellationToken);
            await ScalarAsync<object>("""
                SELECT count(compress_chunk(c, true)) FROM (SELECT show_chunks('timeseries.rollups_10s') UNION ALL SELECT show_chunks('timeseries.rollups_1m')) r(c)
                """, cancellationToken);
            return new CompressionResult(await MeasureAsync(cancellationToken), null);
        }
        catch (PostgresException e)
        {
            return new CompressionResult(null, $"compress_chunk failed: {e.MessageText}");
        }
    }

    /// <summary>
    /// What a long-running database has done for rows older than minutes: vacuumed and analysed them. Left to autovacuum,
    /// rows a warm-up wrote seconds before are vacuumed at a moment of the timed run that differs from run to run.
    /// </summary>
    public async Task VacuumAsync(CancellationToken cancellationToken) => await ScalarAsync<object>("VACUUM (ANALYZE)", cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await pollSource.DisposeAsync();
        await dataSource.DisposeAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken, NpgsqlDataSource? source = null)
    {
        await using var command = (source ?? dataSource).CreateCommand(sql);
        command.CommandTimeout = 600;
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default! : (T)value;
    }
}
