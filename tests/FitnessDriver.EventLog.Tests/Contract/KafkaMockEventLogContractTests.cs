using FitnessDriver.EventLog.Kafka;
using FitnessDriver.Testing;
using FitnessDriver.Testing.Kafka;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.EventLog.Tests.Contract;

/// <summary>The contract on Kafka: librdkafka's in-process mock cluster of three brokers, topics replicated three times.</summary>
public sealed class KafkaMockEventLogContractTests : EventLogContract
{
    private readonly MockCluster cluster = new(brokers: 3);
    private readonly ILoggerFactory logging = TestRunLogging.TestOutputFactory();

    protected override ValueTask PrepareAsync(IReadOnlyList<string> topics)
    {
        foreach (var topic in topics)
            cluster.CreateTopic(topic, PartitionCount, replicationFactor: 3);
        return ValueTask.CompletedTask;
    }

    protected override ValueTask<IEventLog> OpenLogAsync() => ValueTask.FromResult<IEventLog>(new KafkaEventLog(new KafkaEventLogOptions
    {
        BootstrapServers = cluster.BootstrapServers,
        ClientId = "contract",
        // The mock has no controller to create topics through; PrepareAsync made them.
        CreateTopics = false,
        DefaultPartitions = PartitionCount,
        ConsumerSettings = MockCluster.ConsumerSettings,
    }, logging));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        cluster.Dispose();
        logging.Dispose();
    }
}
