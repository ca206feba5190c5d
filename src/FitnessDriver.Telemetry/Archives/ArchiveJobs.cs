using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Postgres;
using Npgsql;

namespace FitnessDriver.Telemetry.Archives;

/// <summary>
/// Archive import jobs in <c>telemetry.archive_imports</c>: receiving (the upload), queued, running (held by one replica
/// under a lease it renews after every file), undoing, and finished, failed or undone. Each entry's outcome is its own
/// row, so a job that stopped continues where it was and never imports a finished file again.
/// </summary>
public sealed class ArchiveJobs(TelemetryDatabase database, ArchiveImportOptions options)
{
    /// <summary>An entry's outcome as stored.</summary>
    public static class FileStatus
    {
        public const string Pending = "pending";
        public const string Imported = "imported";
        public const string Merged = "merged";
        public const string Failed = "failed";
        public const string Skipped = "skipped";
    }

    /// <summary>A job this replica holds: to run (<c>running</c>) or to take back (<c>undoing</c>).</summary>
    public sealed record Claimed(Guid ImportId, Guid AthleteId, string Status, Visibility? Visibility, bool Listed);

    /// <summary>An entry found in the archive: pending (with its first sample's time) or skipped with the reason.</summary>
    public sealed record ListedEntry(string Entry, string Status, long? FirstT, string? Reason);

    /// <summary>The uploaded archives, chunk by chunk.</summary>
    public StoredChunks Chunks { get; } = new(database.DataSource, "telemetry.archive_chunks", "import_id");

    /// <summary>Records a job whose archive is being received.</summary>
    public Task CreateAsync(Guid importId, Guid athleteId, Visibility? visibility, CancellationToken cancellationToken) =>
        ExecuteAsync("INSERT INTO telemetry.archive_imports (import_id, athlete_id, status, visibility) VALUES ($1, $2, 'receiving', $3)", cancellationToken,
            importId, athleteId, (object?)visibility?.ToName() ?? DBNull.Value);

    /// <summary>The archive is stored whole: the job waits for a worker.</summary>
    public Task QueueAsync(Guid importId, long bytes, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE telemetry.archive_imports SET status = 'queued', archive_bytes = $2 WHERE import_id = $1 AND status = 'receiving'", cancellationToken, importId, bytes);

    /// <summary>Forgets a job whose upload did not complete.</summary>
    public async Task AbandonAsync(Guid importId, CancellationToken cancellationToken)
    {
        await Chunks.DeleteAsync(importId, cancellationToken);
        await ExecuteAsync("DELETE FROM telemetry.archive_imports WHERE import_id = $1 AND status = 'receiving'", cancellationToken, importId);
    }

    /// <summary>Takes the oldest job that waits or whose holder stopped renewing its lease.</summary>
    public async Task<Claimed?> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, """
            UPDATE telemetry.archive_imports j
            SET status = CASE WHEN j.status = 'queued' THEN 'running' ELSE j.status END, started_at = coalesce(j.started_at, now()),
                lease_until = now() + make_interval(secs => $1)
            WHERE import_id = (
                SELECT import_id FROM telemetry.archive_imports
                WHERE status IN ('queued', 'running', 'undoing') AND (lease_until IS NULL OR lease_until < now())
                ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING import_id, athlete_id, status, visibility, files_total IS NOT NULL
            """, options.LeaseSeconds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        Visibility? visibility = reader.IsDBNull(3) ? null : VisibilityNames.TryParse(reader.GetString(3), out var parsed) ? parsed : null;
        return new Claimed(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), visibility, reader.GetBoolean(4));
    }

    /// <summary>Extends the lease; returns the job's status (<c>undoing</c> when the athlete asked to undo it; null when it is gone).</summary>
    public async Task<string?> RenewAsync(Guid importId, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, """
            UPDATE telemetry.archive_imports SET lease_until = now() + make_interval(secs => $2) WHERE import_id = $1 RETURNING status
            """, importId, options.LeaseSeconds);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Stores listed entries (again after an interrupted listing: the first listing stays).</summary>
    public async Task AddEntriesAsync(Guid importId, IReadOnlyList<ListedEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
            return;
        await ExecuteAsync("""
            INSERT INTO telemetry.archive_files (import_id, entry, status, first_t, reason)
            SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[])
            ON CONFLICT DO NOTHING
            """, cancellationToken, importId, entries.Select(e => e.Entry).ToArray(), entries.Select(e => e.Status).ToArray(),
            new NpgsqlParameter { Value = entries.Select(e => e.FirstT).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint },
            new NpgsqlParameter { Value = entries.Select(e => e.Reason).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
    }

    /// <summary>The listing is complete (<c>files_total</c> is set: the activity files then, before some turned out to be something else).</summary>
    public Task SetListedAsync(Guid importId, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            UPDATE telemetry.archive_imports SET files_total = (SELECT count(*) FROM telemetry.archive_files WHERE import_id = $1 AND status <> 'skipped')
            WHERE import_id = $1
            """, cancellationToken, importId);

    /// <summary>The activity files still to import, oldest recording first (unreadable ones, without a time, last).</summary>
    public Task<List<string>> PendingAsync(Guid importId, CancellationToken cancellationToken) =>
        ListAsync("SELECT entry FROM telemetry.archive_files WHERE import_id = $1 AND status = 'pending' ORDER BY first_t NULLS LAST, entry",
            r => r.GetString(0), cancellationToken, importId);

    /// <summary>
    /// Records what became of one entry. The ids a job's activities get are its own, so a copy of a file earlier in the
    /// archive meets the activity the earlier one created: when another entry already created one of
    /// <paramref name="created"/>, this one is recorded as merged. Entries are recorded in import order.
    /// </summary>
    public Task RecordAsync(Guid importId, ArchiveFileResult result, IReadOnlyList<Guid> created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        return ExecuteAsync("""
            WITH earlier AS (
                SELECT EXISTS (SELECT 1 FROM telemetry.archive_files WHERE import_id = $1 AND entry <> $2 AND created_ids && $6) AS created_before)
            UPDATE telemetry.archive_files f
            SET status = CASE WHEN e.created_before THEN 'merged' ELSE $3 END, reason = $4, activity_ids = $5,
                created_ids = CASE WHEN e.created_before THEN '{}' ELSE $6 END, samples = $7
            FROM earlier e
            WHERE f.import_id = $1 AND f.entry = $2
            """, cancellationToken, importId, result.Entry, result.Status, (object?)result.Reason ?? DBNull.Value, result.ActivityIds.ToArray(), created.ToArray(), result.Samples);
    }

    /// <summary>The activities the job created (what an undo deletes).</summary>
    public Task<List<Guid>> CreatedAsync(Guid importId, CancellationToken cancellationToken) =>
        ListAsync("SELECT DISTINCT unnest(created_ids) FROM telemetry.archive_files WHERE import_id = $1", r => r.GetGuid(0), cancellationToken, importId);

    /// <summary>Ends the job (<c>finished</c>, <c>failed</c> or <c>undone</c>) and drops its archive.</summary>
    public async Task EndAsync(Guid importId, string status, string? error, CancellationToken cancellationToken)
    {
        await ExecuteAsync("""
            UPDATE telemetry.archive_imports SET status = $2, error = $3, finished_at = now(), lease_until = NULL WHERE import_id = $1
            """, cancellationToken, importId, status, (object?)error ?? DBNull.Value);
        await Chunks.DeleteAsync(importId, cancellationToken);
    }

    /// <summary>Asks to undo a job: false when there is no such job of the athlete (or it was undone before).</summary>
    public async Task<bool> RequestUndoAsync(Guid importId, Guid athleteId, CancellationToken cancellationToken) =>
        await ExecuteAsync("""
            UPDATE telemetry.archive_imports SET status = 'undoing', lease_until = CASE WHEN status = 'running' THEN lease_until END
            WHERE import_id = $1 AND athlete_id = $2 AND status IN ('queued', 'running', 'finished', 'failed')
            """, cancellationToken, importId, athleteId) == 1;

    /// <summary>A job of the athlete with its counts, or null.</summary>
    public async Task<ArchiveImportStatus?> FindAsync(Guid importId, Guid athleteId, CancellationToken cancellationToken) =>
        (await QueryStatusAsync("j.import_id = $1 AND j.athlete_id = $2", cancellationToken, importId, athleteId)).SingleOrDefault();

    /// <summary>The athlete's jobs, newest first.</summary>
    public Task<List<ArchiveImportStatus>> ListAsync(Guid athleteId, CancellationToken cancellationToken) =>
        QueryStatusAsync("j.athlete_id = $1 ORDER BY j.created_at DESC LIMIT 100", cancellationToken, athleteId);

    /// <summary>A page of a job's entries after <paramref name="after"/>, optionally of one status.</summary>
    public Task<List<ArchiveFileResult>> FilesAsync(Guid importId, string? status, string? after, int limit, CancellationToken cancellationToken) =>
        ListAsync("""
            SELECT entry, status, reason, activity_ids, samples FROM telemetry.archive_files
            WHERE import_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR entry > $3)
            ORDER BY entry LIMIT $4
            """, r => new ArchiveFileResult(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetFieldValue<Guid[]>(3), r.GetInt32(4)),
            cancellationToken, importId, (object?)status ?? DBNull.Value, (object?)after ?? DBNull.Value, limit);

    /// <summary>Deletes an erased athlete's jobs, entries and archives.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> EraseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid athleteId, CancellationToken cancellationToken)
    {
        async Task<long> ExecuteAsync(string sql) => await PostgresCommands.ExecuteAsync(connection, transaction, sql, cancellationToken, athleteId);
        return new Dictionary<string, long>
        {
            ["archiveChunks"] = await ExecuteAsync("DELETE FROM telemetry.archive_chunks WHERE import_id IN (SELECT import_id FROM telemetry.archive_imports WHERE athlete_id = $1)"),
            ["archiveFiles"] = await ExecuteAsync("DELETE FROM telemetry.archive_files WHERE import_id IN (SELECT import_id FROM telemetry.archive_imports WHERE athlete_id = $1)"),
            ["archiveImports"] = await ExecuteAsync("DELETE FROM telemetry.archive_imports WHERE athlete_id = $1"),
        };
    }

    private async Task<List<ArchiveImportStatus>> QueryStatusAsync(string where, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = PostgresCommands.Create(database.DataSource, $"""
            SELECT j.import_id, j.status, j.created_at, j.finished_at, j.archive_bytes, CASE WHEN j.files_total IS NOT NULL THEN c.activity_files END, j.error,
                   extract(epoch FROM now() - j.started_at)::float8, c.done, c.imported, c.merged, c.failed, c.skipped, c.samples
            FROM telemetry.archive_imports j
            CROSS JOIN LATERAL (
                SELECT count(*) FILTER (WHERE status IN ('imported', 'merged', 'failed'))::int AS done,
                       count(*) FILTER (WHERE status = 'imported')::int AS imported, count(*) FILTER (WHERE status = 'merged')::int AS merged,
                       count(*) FILTER (WHERE status = 'failed')::int AS failed, count(*) FILTER (WHERE status = 'skipped')::int AS skipped,
                       coalesce(sum(samples), 0)::bigint AS samples, count(*) FILTER (WHERE status <> 'skipped')::int AS activity_files
                FROM telemetry.archive_files f WHERE f.import_id = j.import_id) c
            WHERE j.status <> 'receiving' AND {where}
            """, values);
        var jobs = new List<ArchiveImportStatus>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var status = reader.GetString(1);
            int? total = reader.IsDBNull(5) ? null : reader.GetInt32(5);
            var done = reader.GetInt32(8);
            double? eta = status == "running" && total is { } t && done >= 3 && !reader.IsDBNull(7)
                ? Math.Round(reader.GetDouble(7) / done * (t - done), 1)
                : null;
            jobs.Add(new ArchiveImportStatus(reader.GetGuid(0), status, IsoTime.From(reader.GetDateTime(2)),
                reader.IsDBNull(3) ? null : IsoTime.From(reader.GetDateTime(3)), reader.GetInt64(4),
                new ArchiveFileCounts(total, done, reader.GetInt32(9), reader.GetInt32(10), reader.GetInt32(11), reader.GetInt32(12)), reader.GetInt64(13),
                eta, reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return jobs;
    }

    private async Task<List<T>> ListAsync<T>(string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = PostgresCommands.Create(database.DataSource, sql, values);
        var list = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(read(reader));
        return list;
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = PostgresCommands.Create(database.DataSource, sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
