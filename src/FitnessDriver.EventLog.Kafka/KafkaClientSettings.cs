using System.Globalization;
using Confluent.Kafka;
using FitnessDriver.Hosting;

namespace FitnessDriver.EventLog.Kafka;

/// <summary>The librdkafka configuration of each client the log builds.</summary>
internal static class KafkaClientSettings
{
    public static ProducerConfig Producer(KafkaEventLogOptions options)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = options.ClientId,
            // Idempotence makes broker-side retries exactly-once per partition and keeps order with several requests in flight.
            EnableIdempotence = true,
            Acks = Acks.All,
            CompressionType = ParseCompression(options.Compression),
            LingerMs = options.LingerMs,
            MessageTimeoutMs = options.MessageTimeoutMs,
            // The Java client's partitioner, so other clients of the cluster put a key where this one does.
            Partitioner = Partitioner.Murmur2Random,
            DeliveryReportFields = "status",
        };
        return Apply(config, options.Settings, options.ProducerSettings);
    }

    public static ConsumerConfig Consumer(KafkaEventLogOptions options, string groupId)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = options.ClientId,
            GroupId = groupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            EnablePartitionEof = false,
        };
        return Apply(config, options.Settings, options.ConsumerSettings);
    }

    public static AdminClientConfig Admin(KafkaEventLogOptions options)
    {
        var config = new AdminClientConfig
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = options.ClientId,
        };
        return Apply(config, options.Settings);
    }

    /// <summary>Builds (and drops) one client of each kind, so librdkafka checks every setting now.</summary>
    /// <exception cref="StartupException">A setting is unknown or has a value librdkafka refuses.</exception>
    public static void Validate(KafkaEventLogOptions options)
    {
        try
        {
            // Building a client only reads its configuration; it connects when first used.
            new AdminClientBuilder(Admin(options)).Build().Dispose();
            new ProducerBuilder<Null, Null>(Producer(options)).Build().Dispose();
            new ConsumerBuilder<Null, Null>(Consumer(options, $"{options.ClientId}.validation")).Build().Dispose();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KafkaException)
        {
            throw new StartupException($"The settings under {KafkaEventLogOptions.SectionName} are not a working Kafka client configuration: {e.Message}", e);
        }
    }

    private static T Apply<T>(T config, params IEnumerable<Dictionary<string, string>> settings)
        where T : ClientConfig
    {
        foreach (var (name, value) in settings.SelectMany(s => s))
            config.Set(name, value);
        return config;
    }

    private static CompressionType ParseCompression(string value) => value.ToLowerInvariant() switch
    {
        "lz4" => CompressionType.Lz4,
        "zstd" => CompressionType.Zstd,
        _ => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"EventLog:Kafka:Compression must be lz4 or zstd, not '{value}'."), nameof(value)),
    };
}
