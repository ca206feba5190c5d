using FitnessDriver.Hosting;

namespace FitnessDriver.Profiles.Identity;

/// <summary>Keeps a signing key ready: at start, then every hour (a new key is due a day before the current one stops signing).</summary>
public sealed class SigningKeyRotation(SigningKeys keys, TimeProvider clock, WorkerHealth health, ILogger<SigningKeyRotation> logger)
    : SupervisedWorker("signing key rotation", health, logger)
{
    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await keys.EnsureAsync(stoppingToken);
            ReportProgress();
            await Task.Delay(TimeSpan.FromHours(1), clock, stoppingToken);
        }
    }
}
