using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FitnessDriver.ServiceDefaults.Identity;

/// <summary>Ready once the identity topic was read at start-up and a signing key is known: tokens can be checked.</summary>
internal sealed class IdentityHealthCheck(IdentityFeed feed, SigningKeyRing keys) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!feed.IsReady ? HealthCheckResult.Unhealthy("still reading signing keys and revocations from the log")
            : keys.Count == 0 ? HealthCheckResult.Unhealthy("no signing key published yet: is Profiles running?")
            : HealthCheckResult.Healthy($"{keys.Count} signing key(s) known"));
}
