using FitnessDriver.Contracts;
using FitnessDriver.EventLog.Embedded;
using FitnessDriver.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.EventLog;

/// <summary>Registers the event log a process uses.</summary>
public static class EventLogRegistration
{
    /// <summary>
    /// Registers the embedded log in <c>{dataDirectory}/log</c>, configured from <c>EventLog:Embedded</c>, with the
    /// platform's topics opened (and recovered) at start-up, a readiness check that fails after a failed commit, and
    /// periodic retention (topics read whole are kept whole).
    /// </summary>
    public static IServiceCollection AddEmbeddedEventLog(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var options = new EmbeddedEventLogOptions();
        configuration.GetSection("EventLog:Embedded").Bind(options);
        if (string.IsNullOrWhiteSpace(options.Directory))
            options.Directory = Path.Combine(dataDirectory, "log");
        options.KeepWhole.UnionWith(Topics.ReadWhole);
        services.AddSingleton(sp =>
        {
            var log = new EmbeddedEventLog(options, sp.GetRequiredService<ILogger<EmbeddedEventLog>>());
            log.CreateTopics(Topics.All.Concat(Topics.All.Select(Topics.DeadLetter)));
            return log;
        });
        services.AddSingleton<IEventLog>(sp => sp.GetRequiredService<EmbeddedEventLog>());
        services.AddHealthChecks().AddCheck<EmbeddedLogHealthCheck>("event-log", tags: ["ready"]);
        if (options.RetentionCheckMinutes > 0)
        {
            services.AddWorkerSupervision();
            services.AddHostedService(sp => ActivatorUtilities.CreateInstance<EmbeddedLogRetention>(sp, options));
        }

        return services;
    }

    private sealed class EmbeddedLogHealthCheck(EmbeddedEventLog log) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(log.Failure is { } failure
                ? HealthCheckResult.Unhealthy($"embedded log refuses appends: {failure}")
                : HealthCheckResult.Healthy("embedded log accepting appends"));
    }
}
