using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Postgres;
using Npgsql;

namespace FitnessDriver.Profiles.Export;

/// <summary>Export jobs in <c>profiles.exports</c> of the athlete's region: queued, running (with progress), done or failed.</summary>
public sealed class ExportJobs(ProfileRegions regions)
{
    /// <summary>The export archives stored in <paramref name="database"/> (the athlete's region).</summary>
    public static StoredChunks Chunks(ProfilesDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return new(database.DataSource, "profiles.export_chunks", "export_id");
    }

    /// <summary>How long a finished archive is kept.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(7);

    /// <summary>A running job that has not reported progress for this long was left by a process that stopped: it starts over.</summary>
    private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(5);

    private const string Columns = "export_id, status, activities_done, activities_total, requested_at, finished_at, failure, archive_bytes";

    /// <summary>A job claimed for building.</summary>
    public sealed record Claimed(Guid ExportId, Guid AthleteId, ProfilesDatabase Database);

    /// <summary>The athlete's job still queued or running, or a new one.</summary>
    public async Task<ExportStatus> StartAsync(Guid athleteId, CancellationToken cancellationToken)
    {
        await using var connection = await regions.Of(athleteId).DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One export at a time per athlete: asking again while one is on its way answers with that one.
        await PostgresCommands.ExecuteAsync(connection, transaction, "SELECT 1 FROM profiles.athletes WHERE athlete_id = $1 FOR UPDATE", cancellationToken, athleteId);
        var pending = await ReadAsync(connection, transaction, $"SELECT {Columns} FROM profiles.exports WHERE athlete_id = $1 AND status IN ('queued', 'running')", athleteId);
        if (pending is null)
        {
            await PostgresCommands.ExecuteAsync(connection, transaction, "INSERT INTO profiles.exports (export_id, athlete_id, status) VALUES ($1, $2, 'queued')",
                cancellationToken, Guid.CreateVersion7(), athleteId);
            pending = await ReadAsync(connection, transaction, $"SELECT {Columns} FROM profiles.exports WHERE athlete_id = $1 AND status = 'queued'", athleteId);
        }

        await transaction.CommitAsync(cancellationToken);
        return pending!;
    }

    /// <summary>The athlete's job, or null.</summary>
    public async Task<ExportStatus?> FindAsync(Guid athleteId, Guid exportId, CancellationToken cancellationToken)
    {
        await using var connection = await regions.Of(athleteId).DataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, null, $"SELECT {Columns} FROM profiles.exports WHERE athlete_id = $1 AND export_id = $2", athleteId, exportId);
    }

    /// <summary>The next queued job of any region (or one a stopped process abandoned), now running; null when there is none.</summary>
    public async Task<Claimed?> ClaimAsync(CancellationToken cancellationToken)
    {
        foreach (var region in regions.All)
        {
            await region.Database.WaitUntilMigratedAsync(cancellationToken);
            await using var command = PostgresCommands.Create(region.Database.DataSource, """
                UPDATE profiles.exports SET status = 'running', activities_done = 0, updated_at = now()
                WHERE export_id = (
                    SELECT export_id FROM profiles.exports
                    WHERE status = 'queued' OR (status = 'running' AND updated_at < now() - $1::interval)
                    ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING export_id, athlete_id
                """, Abandoned);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
                return new Claimed(reader.GetGuid(0), reader.GetGuid(1), region.Database);
        }

        return null;
    }

    /// <summary>Records progress (which also keeps the job from being taken for abandoned).</summary>
    public Task ProgressAsync(Claimed job, int done, int total, CancellationToken cancellationToken) =>
        ExecuteAsync(job, "UPDATE profiles.exports SET activities_done = $2, activities_total = $3, updated_at = now() WHERE export_id = $1", cancellationToken, done, total);

    /// <summary>Marks the job done, its archive stored.</summary>
    public Task CompleteAsync(Claimed job, long archiveBytes, CancellationToken cancellationToken) =>
        ExecuteAsync(job, "UPDATE profiles.exports SET status = 'done', archive_bytes = $2, finished_at = now(), updated_at = now() WHERE export_id = $1",
            cancellationToken, archiveBytes);

    /// <summary>Marks the job failed with the reason, and drops what it stored of its archive.</summary>
    public async Task FailAsync(Claimed job, string failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await ExecuteAsync(job, "UPDATE profiles.exports SET status = 'failed', failure = $2, finished_at = now(), updated_at = now() WHERE export_id = $1",
            cancellationToken, failure);
        await Chunks(job.Database).DeleteAsync(job.ExportId, cancellationToken);
    }

    /// <summary>Deletes jobs and archives kept longer than <see cref="KeptFor"/>.</summary>
    public async Task DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        foreach (var region in regions.All)
        {
            await region.Database.WaitUntilMigratedAsync(cancellationToken);
            await using var command = PostgresCommands.Create(region.Database.DataSource, "DELETE FROM profiles.exports WHERE finished_at < now() - $1::interval", KeptFor);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task ExecuteAsync(Claimed job, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = PostgresCommands.Create(job.Database.DataSource, sql, [job.ExportId, .. values]);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<ExportStatus?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object[] values)
    {
        await using var command = PostgresCommands.Create(connection, transaction, sql, values);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
            return null;
        var exportId = reader.GetGuid(0);
        long? archiveBytes = reader.IsDBNull(7) ? null : reader.GetInt64(7);
        return new ExportStatus(exportId, reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetInt32(3),
            IsoTime.From(reader.GetDateTime(4)), reader.IsDBNull(5) ? null : IsoTime.From(reader.GetDateTime(5)), reader.IsDBNull(6) ? null : reader.GetString(6),
            archiveBytes is null ? null : $"/v1/me/export/{exportId}/archive", archiveBytes);
    }
}
