using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FitnessDriver.Gateway;

/// <summary>Ready when every service behind the gateway answers its liveness probe.</summary>
public sealed class ServicesReachableHealthCheck(IHttpClientFactory clients, IConfiguration configuration) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var http = clients.CreateClient(nameof(ServicesReachableHealthCheck));
        var down = new List<string>();
        await Task.WhenAll(ApiRoutes.Services.Select(async service =>
        {
            try
            {
                using var response = await http.GetAsync(new Uri(new Uri(ApiRoutes.UrlOf(configuration, service)), "/health/live"), cancellationToken);
                if (!response.IsSuccessStatusCode)
                    lock (down) down.Add($"{service} ({(int)response.StatusCode})");
            }
            catch (HttpRequestException e)
            {
                lock (down) down.Add($"{service} ({e.Message})");
            }
        }));
        return down.Count == 0
            ? HealthCheckResult.Healthy("every service answers")
            : HealthCheckResult.Unhealthy($"not answering: {string.Join(", ", down.Order())}");
    }
}
