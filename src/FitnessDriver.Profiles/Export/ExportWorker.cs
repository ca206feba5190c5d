using FitnessDriver.Hosting;
using FitnessDriver.Postgres;

namespace FitnessDriver.Profiles.Export;

/// <summary>
/// Builds queued exports one at a time, and deletes archives older than a week. Wakes when an export is asked for and
/// looks every half minute for jobs a stopped process left behind.
/// </summary>
public sealed class ExportWorker(ExportJobs jobs, ExportArchive archive, WorkerHealth health, ILogger<ExportWorker> logger)
    : SupervisedWorker("export builder", health, logger)
{
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim wake = new(0);

    /// <summary>Looks for queued jobs soon.</summary>
    public void Wake()
    {
        if (wake.CurrentCount == 0)
            wake.Release();
    }

    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(500), Sweep);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await jobs.DeleteExpiredAsync(stoppingToken);
                while (await jobs.ClaimAsync(stoppingToken) is { } job)
                    await BuildAsync(job, stoppingToken);
                backoff.Reset();
                ReportProgress();
                await wake.WaitAsync(Sweep, stoppingToken);
            }
            catch (Exception e) when (PostgresErrors.IsTransient(e) && !stoppingToken.IsCancellationRequested)
            {
                var delay = backoff.Next();
                logger.LogWarning("Exports wait for the database ({Reason}); retrying in {Delay} ms", e.Message, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }

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
