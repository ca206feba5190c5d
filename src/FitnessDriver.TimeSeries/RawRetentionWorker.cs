using FitnessDriver.Hosting;
using Microsoft.Extensions.Options;

namespace FitnessDriver.TimeSeries;

/// <summary>Runs <see cref="RawRetention"/>: its policy once the database is migrated, then a run every <see cref="RetentionOptions.CheckMinutes"/>.</summary>
public sealed class RawRetentionWorker(TimeSeriesDatabase database, RawRetention retention, IOptions<RetentionOptions> options, TimeProvider clock,
    WorkerHealth health, ILogger<RawRetentionWorker> logger) : SupervisedWorker("raw sample retention", health, logger)
{
    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await database.WaitUntilMigratedAsync(stoppingToken);
        await retention.ApplyPolicyAsync(stoppingToken);
        if (options.Value.RawDays <= 0 || options.Value.CheckMinutes <= 0)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            await retention.RunAsync(stoppingToken);
            ReportProgress();
            await Task.Delay(TimeSpan.FromMinutes(options.Value.CheckMinutes), clock, stoppingToken);
        }
    }
}
