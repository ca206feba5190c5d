using FitnessDriver.Hosting;
using FitnessDriver.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FitnessDriver.Telemetry;

/// <summary>Composition of the Telemetry edge. It needs an <see cref="EventLog.IEventLog"/> registered by the host.</summary>
public static class TelemetryService
{
    /// <summary>Registers the edge.</summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAthleteKeysClient();
        builder.Services.TryAddSingleton(TimeProvider.System);
        var options = new TelemetryOptions();
        builder.Configuration.GetSection(TelemetryOptions.SectionName).Bind(options);
        if (options.SampleMarginMinutes is < 0 or > 7 * 24 * 60)
            throw new StartupException($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.SampleMarginMinutes)} must be between 0 and 10080 minutes; it is {options.SampleMarginMinutes}.");
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<SampleWindow>();
        builder.Services.AddSingleton(sp =>
        {
            var directory = new ActivityDirectory();
            var revocations = sp.GetRequiredService<ServiceDefaults.Identity.Revocations>();
            revocations.Revoked += (athleteId, session) =>
            {
                if (session is null && revocations.IsErased(athleteId))
                    directory.Forget(athleteId);
            };
            return directory;
        });
        builder.Services.AddSingleton<ActivityDirectoryFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ActivityDirectoryFeed>());
        builder.Services.AddSingleton<ActivityLookup>();
        builder.Services.AddSingleton<LifecycleWriter>();
        builder.Services.AddSingleton<ActivityNames>();
        builder.Services.AddSingleton<SampleAppender>();
        builder.Services.AddSingleton<ActivityFileImporter>();
        builder.Services.AddHealthChecks().AddCheck<ActivityDirectoryHealthCheck>("activity-directory", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    /// <summary>Maps the edge's endpoints.</summary>
    public static IEndpointRouteBuilder MapTelemetry(this IEndpointRouteBuilder routes) => routes.MapTelemetryApi().MapImportsApi().MapGattApi();

    private sealed class ActivityDirectoryHealthCheck(ActivityDirectoryFeed feed, ActivityDirectory directory) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(feed.IsReady
                ? HealthCheckResult.Healthy($"{directory.Count} activities known")
                : HealthCheckResult.Unhealthy("still reading activity history from the log"));
    }
}
