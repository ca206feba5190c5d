using System.Globalization;
using FitnessDriver.Postgres;
using Microsoft.Extensions.Options;

namespace FitnessDriver.TimeSeries;

/// <summary>
/// Drops raw samples older than <see cref="RetentionOptions.RawDays"/>, keeping what reads need once they are gone: the
/// rollups (never computed again from samples), the sealed positions, and each activity's summary, which a run computes
/// and stores for every activity starting within <see cref="RetentionOptions.SummaryLeadDays"/> of the limit. Only a
/// partition or chunk whose activities all have their summary kept goes (<c>timeseries.raw_samples_summarized</c>).
/// With TimescaleDB the drop is a TimescaleDB job, <c>timeseries.drop_raw_samples</c> (<c>drop_chunks</c> chunk by
/// chunk; kept in line with the setting at start); without it, a run empties the monthly partitions that end before the
/// limit (truncated rather than dropped, so a writer that knows the partition can still write a late sample into it).
/// </summary>
public sealed class RawRetention(TimeSeriesDatabase database, ActivityQueries queries, IOptions<RetentionOptions> options, TimeProvider clock,
    ILogger<RawRetention> logger)
{
    private const int SummariesPerRun = 1000;

    private int RawDays => options.Value.RawDays;

    /// <summary>Adds, changes or deletes the TimescaleDB retention job to match the setting; nothing without TimescaleDB.</summary>
    public async Task ApplyPolicyAsync(CancellationToken cancellationToken)
    {
        if (!database.UsesTimescaleDb)
            return;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var current = PostgresCommands.Create(connection, null, """
            SELECT job_id, (config->>'raw_days')::integer FROM timescaledb_information.jobs
            WHERE proc_schema = 'timeseries' AND proc_name = 'drop_raw_samples' ORDER BY job_id LIMIT 1
            """);
        int? job = null, days = null;
        await using (var reader = await current.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
                (job, days) = (reader.GetInt32(0), reader.GetInt32(1));
        }

        if (RawDays <= 0 ? job is null : days == RawDays)
            return;
        if (job is { } id)
            await PostgresCommands.ExecuteAsync(connection, null, "SELECT delete_job($1)", cancellationToken, id);
        if (RawDays > 0)
        {
            await PostgresCommands.ExecuteAsync(connection, null,
                "SELECT add_job('timeseries.drop_raw_samples', INTERVAL '1 hour', config => jsonb_build_object('raw_days', $1::integer))", cancellationToken, RawDays);
        }

        logger.LogInformation("Raw samples are kept {Days} days (0: forever)", RawDays);
    }

    /// <summary>One run: keeps the summaries of activities near the limit, then (without TimescaleDB) empties expired partitions. Returns the partitions emptied.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (RawDays <= 0)
            return 0;
        var limit = clock.GetUtcNow().UtcDateTime.AddDays(-RawDays);
        await KeepSummariesAsync(limit.AddDays(RetentionOptions.SummaryLeadDays), cancellationToken);
        return database.UsesTimescaleDb ? 0 : await EmptyPartitionsAsync(limit, cancellationToken);
    }

    /// <summary>Computes and stores the summary of every activity started before <paramref name="before"/> whose samples changed since it was last stored.</summary>
    private async Task KeepSummariesAsync(DateTime before, CancellationToken cancellationToken)
    {
        var due = new List<(Guid Activity, Guid Athlete)>();
        await using (var connection = await database.DataSource.OpenConnectionAsync(cancellationToken))
        {
            await using var command = PostgresCommands.Create(connection, null, """
                SELECT a.activity_id, a.athlete_id FROM timeseries.activities a
                JOIN LATERAL (SELECT string_agg(d.device_id || '@' || d.xmin::text, ',' ORDER BY d.device_id) AS version
                              FROM timeseries.activity_devices d WHERE d.activity_id = a.activity_id) v ON v.version IS NOT NULL
                LEFT JOIN timeseries.activity_summaries s ON s.activity_id = a.activity_id
                WHERE a.started_at < $1 AND NOT (coalesce(s.computed, false) AND starts_with(s.version, v.version || '|'))
                  AND NOT EXISTS (SELECT 1 FROM timeseries.activity_aliases m WHERE m.activity_id = a.activity_id)
                LIMIT $2
                """, before, SummariesPerRun);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                due.Add((reader.GetGuid(0), reader.GetGuid(1)));
        }

        foreach (var (activity, athlete) in due)
            await queries.GetSummaryAsync(activity, athlete, cancellationToken);
    }

    private async Task<int> EmptyPartitionsAsync(DateTime limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var expired = new List<string>();
        await using (var command = PostgresCommands.Create(connection, null, """
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'timeseries.samples'::regclass AND c.relname ~ '^samples_y[0-9]{4}m[0-9]{2}$'
            """))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = reader.GetString(0);
                var month = DateTime.ParseExact(name["samples_y".Length..], "yyyy'm'MM", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                if (month.AddMonths(1) <= limit)
                    expired.Add(name);
            }
        }

        var emptied = 0;
        foreach (var name in expired)
        {
            await using var summarized = PostgresCommands.Create(connection, null, $"SELECT timeseries.raw_samples_summarized('timeseries.{name}')");
            if (await summarized.ExecuteScalarAsync(cancellationToken) is not true)
                continue;
            await PostgresCommands.ExecuteAsync(connection, null, $"TRUNCATE timeseries.{name}", cancellationToken);
            emptied++;
        }

        if (emptied > 0)
            logger.LogInformation("Emptied {Count} partitions of raw samples older than {Limit:O}", emptied, limit);
        return emptied;
    }
}
