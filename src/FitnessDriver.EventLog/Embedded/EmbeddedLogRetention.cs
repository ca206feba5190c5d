using FitnessDriver.Hosting;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.EventLog.Embedded;

/// <summary>Runs a retention pass every <see cref="EmbeddedEventLogOptions.RetentionCheckMinutes"/>.</summary>
public sealed class EmbeddedLogRetention(EmbeddedEventLog log, EmbeddedEventLogOptions options, TimeProvider clock, WorkerHealth health,
    ILogger<EmbeddedLogRetention> logger) : SupervisedWorker("embedded log retention", health, logger)
{
    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMinutes(options.RetentionCheckMinutes), clock, stoppingToken);
            await log.ApplyRetentionAsync(stoppingToken);
            ReportProgress();
        }
    }
}
