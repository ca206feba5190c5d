using FitnessDriver.Contracts.Activities;
using FitnessDriver.Hosting;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Postgres.Erasure;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.Telemetry.Archives;
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
        if (options.DirectoryCapacity < 1)
            throw new StartupException($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.DirectoryCapacity)} must be at least 1; it is {options.DirectoryCapacity}.");
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<SampleWindow>();
        builder.Services.AddSingleton(sp =>
        {
            var directory = new ActivityDirectory(options.DirectoryCapacity);
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
        builder.Services.AddSingleton<ActivityStore>();
        builder.Services.AddEventSink<ActivityStoreSink, ActivityEvent>();
        builder.Services.AddSingleton<ActivityLookup>();
        builder.Services.AddSingleton<LifecycleWriter>();
        builder.Services.AddSingleton<ActivityNames>();
        builder.Services.AddSingleton<SampleAppender>();
        builder.Services.AddSingleton<ActivityFileImporter>();
        AddArchiveImports(builder);
        builder.Services.AddHealthChecks().AddCheck<ActivityDirectoryHealthCheck>("activity-directory", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    /// <summary>Maps the edge's endpoints.</summary>
    public static IEndpointRouteBuilder MapTelemetry(this IEndpointRouteBuilder routes) =>
        routes.MapTelemetryApi().MapImportsApi().MapArchiveImportsApi().MapGattApi();

    private static void AddArchiveImports(WebApplicationBuilder builder)
    {
        var options = new ArchiveImportOptions();
        builder.Configuration.GetSection(ArchiveImportOptions.SectionName).Bind(options);
        if (options.MaxArchiveMegabytes < 1 || options.LeaseSeconds is < 5 or > 3600)
            throw new StartupException($"{ArchiveImportOptions.SectionName}: MaxArchiveMegabytes must be at least 1 and LeaseSeconds between 5 and 3600.");
        builder.Services.AddSingleton(options);
        builder.Services.AddServiceDatabase<TelemetryDatabase>("telemetry-database");
        builder.Services.AddAthleteEraser<TelemetryEraser>();
        builder.Services.AddSingleton<ArchiveJobs>();
        builder.Services.AddSingleton<ImportNotices>();
        builder.Services.AddSingleton<ArchiveImportRun>();
        builder.Services.AddSingleton<ArchiveImportWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ArchiveImportWorker>());
    }

    private sealed class ActivityDirectoryHealthCheck(ActivityDirectoryFeed feed, ActivityDirectory directory) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(feed.IsReady
                ? HealthCheckResult.Healthy($"{directory.Count} activities known")
                : HealthCheckResult.Unhealthy("still reading activity history from the log"));
    }
}
