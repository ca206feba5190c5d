using FitnessDriver.Contracts;
using FitnessDriver.EventLog.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using FitnessDriver.Testing;
using FitnessDriver.Testing.Kafka;

namespace FitnessDriver.EventLog.Tests.Kafka;

/// <summary>What a process gets from <see cref="KafkaEventLogRegistration.AddKafkaEventLog"/>.</summary>
public sealed class KafkaRegistrationTests
{
    [Fact]
    public void Kafka_counts_as_configured_by_the_section_or_the_environment_variable()
    {
        Assert.False(KafkaEventLogRegistration.IsConfigured(Configuration([])));
        Assert.True(KafkaEventLogRegistration.IsConfigured(Configuration(new() { ["EventLog:Kafka:BootstrapServers"] = "127.0.0.1:9092" })));
        Assert.True(KafkaEventLogRegistration.IsConfigured(Configuration(new() { ["FD_KAFKA_BOOTSTRAP_SERVERS"] = "127.0.0.1:9092" })));
    }

    [Fact]
    public async Task The_registered_log_binds_its_options_and_is_ready_only_while_the_brokers_answer()
    {
        using var cluster = new MockCluster(brokers: 3);
        foreach (var topic in Topics.All.Concat(Topics.All.Select(Topics.DeadLetter)))
            cluster.CreateTopic(topic, 6, replicationFactor: 3);
        var services = new ServiceCollection().AddLogging(logging => logging.AddProvider(TestRunLogging.ToTestOutput()));
        services.AddKafkaEventLog(Configuration(new()
        {
            ["FD_KAFKA_BOOTSTRAP_SERVERS"] = cluster.BootstrapServers,
            ["EventLog:Kafka:CreateTopics"] = "false",
            ["EventLog:Kafka:OperationTimeoutMs"] = "2000",
            ["EventLog:Kafka:ConsumerSettings:session.timeout.ms"] = "2000",
        }));
        await using var provider = services.BuildServiceProvider();

        Assert.DoesNotContain(provider.GetServices<IHostedService>(), s => s.GetType().DeclaringType == typeof(KafkaEventLogRegistration));
        var log = provider.GetRequiredService<IEventLog>();
        Assert.IsType<KafkaEventLog>(log);
        Assert.Equal(6, log.GetPartitionCount(Topics.TelemetrySamples));
        var appended = await log.AppendAsync(Topics.TelemetrySamples, new EventMessage("athlete-1", new byte[] { 1 }), TestContext.Current.CancellationToken);
        Assert.Equal(0, appended.Offset);
        var health = provider.GetRequiredService<HealthCheckService>();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(c => c.Tags.Contains("ready"), TestContext.Current.CancellationToken)).Status);

        for (var broker = 1; broker <= cluster.Brokers; broker++)
            cluster.SetDown(broker);
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync(c => c.Tags.Contains("ready"), TestContext.Current.CancellationToken)).Status);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
