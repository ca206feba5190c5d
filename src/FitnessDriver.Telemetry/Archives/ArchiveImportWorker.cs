using FitnessDriver.Hosting;
using FitnessDriver.Postgres;

namespace FitnessDriver.Telemetry.Archives;

/// <summary>
/// Runs archive imports one at a time. Wakes when an archive is accepted and looks every few seconds for jobs another
/// replica or a stopped process left (their lease ran out).
/// </summary>
public sealed class ArchiveImportWorker(TelemetryDatabase database, ArchiveJobs jobs, ArchiveImportRun run, WorkerHealth health, ILogger<ArchiveImportWorker> logger)
    : WakeableWorker("archive importer", Sweep, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), health, logger)
{
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await database.WaitUntilMigratedAsync(cancellationToken);
        while (await jobs.ClaimAsync(cancellationToken) is { } job)
        {
            logger.LogInformation("Running archive import {ImportId} ({Status})", job.ImportId, job.Status);
            await run.RunAsync(job, cancellationToken);
        }
    }

    /// <inheritdoc />
    protected override bool IsTransient(Exception exception) => PostgresErrors.IsTransient(exception);
}
