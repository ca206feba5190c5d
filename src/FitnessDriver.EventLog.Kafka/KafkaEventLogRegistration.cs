using FitnessDriver.Contracts;
using FitnessDriver.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.EventLog.Kafka;

/// <summary>Registers the Kafka event log.</summary>
public static class KafkaEventLogRegistration
{
    /// <summary>The environment variable that names the brokers when <c>EventLog:Kafka:BootstrapServers</c> is not set.</summary>
    public const string BootstrapServersVariable = "FD_KAFKA_BOOTSTRAP_SERVERS";

    /// <summary>True when configuration names Kafka brokers (<c>EventLog:Kafka:BootstrapServers</c> or <c>FD_KAFKA_BOOTSTRAP_SERVERS</c>).</summary>
    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(BootstrapServers(configuration));
    }

    /// <summary>
    /// Registers <see cref="KafkaEventLog"/> as the <see cref="IEventLog"/>, configured from <c>EventLog:Kafka</c>; creates the
    /// platform's topics and their dead-letter topics at start-up (unless <see cref="KafkaEventLogOptions.CreateTopics"/> is off),
    /// and adds a readiness check (tag <c>ready</c>) that asks the cluster for metadata.
    /// </summary>
    public static IServiceCollection AddKafkaEventLog(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new KafkaEventLogOptions();
        configuration.GetSection(KafkaEventLogOptions.SectionName).Bind(options);
        options.BootstrapServers = BootstrapServers(configuration) ?? "";
        // Settings librdkafka refuses fail here, before the host starts, with the setting named.
        KafkaClientSettings.Validate(options);
        services.AddSingleton(sp => new KafkaEventLog(options, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IEventLog>(sp => sp.GetRequiredService<KafkaEventLog>());
        if (options.CreateTopics)
            services.AddHostedService(sp => new TopicCreation(sp.GetRequiredService<KafkaEventLog>(), options.BootstrapServers));
        services.AddHealthChecks().AddCheck<KafkaHealthCheck>("event-log", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// For a service running alone: registers the Kafka log, or fails with what to set. The embedded log lives inside
    /// one process, so separate processes can only meet on Kafka.
    /// </summary>
    public static IServiceCollection AddRequiredKafkaEventLog(this IServiceCollection services, IConfiguration configuration, string service)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!IsConfigured(configuration))
        {
            throw new StartupException(
                $"{service} runs alone and needs Kafka: set EventLog__Kafka__BootstrapServers or {BootstrapServersVariable}. " +
                "To run every service in one process on the embedded log, use src/FitnessDriver.Host.");
        }

        return services.AddKafkaEventLog(configuration);
    }

    private static string? BootstrapServers(IConfiguration configuration)
    {
        var configured = configuration[$"{KafkaEventLogOptions.SectionName}:{nameof(KafkaEventLogOptions.BootstrapServers)}"];
        return string.IsNullOrWhiteSpace(configured) ? configuration[BootstrapServersVariable] : configured;
    }

    private static IEnumerable<string> PlatformTopics => Topics.All.Concat(Topics.All.Select(Topics.DeadLetter));

    /// <summary>Runs before the services' workers start (it is registered first), so they find their topics.</summary>
    private sealed class TopicCreation(KafkaEventLog log, string bootstrapServers) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await log.CreateTopicsAsync(PlatformTopics, cancellationToken);
            }
            catch (EventLogUnavailableException e)
            {
                throw new StartupException($"Kafka at {bootstrapServers} ({KafkaEventLogOptions.SectionName}:BootstrapServers or {BootstrapServersVariable}) " +
                    $"could not create the platform's topics: {e.Message}", e);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class KafkaHealthCheck(KafkaEventLog log) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await Task.Run(() =>
                {
                    foreach (var topic in Topics.All)
                        log.Describe(topic);
                }, cancellationToken);
            }
            catch (EventLogUnavailableException e)
            {
                return HealthCheckResult.Unhealthy(e.Message, e);
            }

            return log.Failure is { } failure
                ? HealthCheckResult.Degraded($"Kafka producer was replaced after a fatal error: {failure}")
                : HealthCheckResult.Healthy("Kafka brokers answer metadata requests");
        }
    }
}
