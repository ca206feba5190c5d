using System.Globalization;
using FitnessDriver.EventLog.Kafka;
using FitnessDriver.Testing;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.EventLog.Tests.Contract;

/// <summary>
/// The contract on a real Kafka cluster named by <c>FD_KAFKA_BOOTSTRAP_SERVERS</c> (replication factor from
/// <c>FD_KAFKA_REPLICATION_FACTOR</c>, 1 by default, for a single dev broker). Skipped when no cluster is named.
/// </summary>
public sealed class KafkaBrokerEventLogContractTests : EventLogContract
{
    private static readonly string? BootstrapServers = Environment.GetEnvironmentVariable(KafkaEventLogRegistration.BootstrapServersVariable);
    private readonly ILoggerFactory logging = TestRunLogging.TestOutputFactory();

    protected override async ValueTask PrepareAsync(IReadOnlyList<string> topics)
    {
        await using var log = new KafkaEventLog(Options(), logging);
        await log.CreateTopicsAsync(topics, TestContext.Current.CancellationToken);
    }

    protected override ValueTask<IEventLog> OpenLogAsync() => ValueTask.FromResult<IEventLog>(new KafkaEventLog(Options(), logging));

    private static KafkaEventLogOptions Options()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
            Assert.Skip($"{KafkaEventLogRegistration.BootstrapServersVariable} is not set: no real Kafka cluster to run the contract against.");
        var replication = Environment.GetEnvironmentVariable("FD_KAFKA_REPLICATION_FACTOR");
        return new KafkaEventLogOptions
        {
            BootstrapServers = BootstrapServers,
            ClientId = "contract",
            DefaultPartitions = PartitionCount,
            ReplicationFactor = string.IsNullOrWhiteSpace(replication) ? (short)1 : short.Parse(replication, CultureInfo.InvariantCulture),
        };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        logging.Dispose();
    }
}
