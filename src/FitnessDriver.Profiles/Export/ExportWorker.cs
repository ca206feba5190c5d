using FitnessDriver.Hosting;
using FitnessDriver.Postgres;

namespace FitnessDriver.Profiles.Export;

/// <summary>
/// Builds queued exports one at a time, and deletes archives older than a week. Wakes when an export is asked for and
/// looks every half minute for jobs a stopped process left behind.
/// </summary>
public sealed class ExportWorker(ExportJobs jobs, ExportArchive archive, WorkerHealth health, ILogger<ExportWorker> logger)
    : WakeableWorker("export builder", Sweep, TimeSpan.FromMilliseconds(500), Sweep, health, logger)
{
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await jobs.DeleteExpiredAsync(cancellationToken);
        while (await jobs.ClaimAsync(cancellationToken) is { } job)
            await BuildAsync(job, cancellationToken);
    }

    /// <inheritdoc />
    protected override bool IsTransient(Exception exception) => PostgresErrors.IsTransient(exception);

    private async Task BuildAsync(ExportJobs.Claimed job, CancellationToken cancellationToken)
    {
        logger.LogInformation("Building export {ExportId}", job.ExportId);
        try
        {
            var bytes = await archive.BuildAsync(job, cancellationToken);
            await jobs.CompleteAsync(job, bytes, cancellationToken);
            logger.LogInformation("Export {ExportId} is ready", job.ExportId);
        }
        catch (Exception e) when (e is not OperationCanceledException && !PostgresErrors.IsTransient(e))
        {
            logger.LogError(e, "Export {ExportId} failed", job.ExportId);
            await jobs.FailAsync(job, e is HttpRequestException or Client.ApiProblemException
                ? "A service the export reads from did not answer; ask for a new export later."
                : "The export could not be built; ask for a new export later.", cancellationToken);
        }
    }
}
