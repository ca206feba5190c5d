namespace FitnessDriver.EventLog.Kafka;

/// <summary>Settings of the Kafka event log (configuration section <c>EventLog:Kafka</c>).</summary>
public sealed class KafkaEventLogOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "EventLog:Kafka";

    /// <summary>Brokers to bootstrap from, as a comma-separated <c>host:port</c> list.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>The <c>client.id</c> of every client, visible in broker logs and quotas.</summary>
    public string ClientId { get; set; } = "fitnessdriver";

    /// <summary>Partitions of a topic created without an explicit count.</summary>
    public int DefaultPartitions { get; set; } = 12;

    /// <summary>Partition counts by topic name.</summary>
    public Dictionary<string, int> Partitions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Replicas of each partition of a topic created at start-up.</summary>
    public short ReplicationFactor { get; set; } = 3;

    /// <summary>
    /// <c>min.insync.replicas</c> of topics created at start-up (capped at the replication factor): with <c>acks=all</c>,
    /// an append is acknowledged only once this many replicas have it.
    /// </summary>
    public int MinInSyncReplicas { get; set; } = 2;

    /// <summary>Create the platform's topics (and their dead-letter topics) at start-up; existing topics are kept as they are.</summary>
    public bool CreateTopics { get; set; } = true;

    /// <summary>How long the producer waits to fill a batch (<c>linger.ms</c>).</summary>
    public int LingerMs { get; set; } = 5;

    /// <summary>Batch compression: <c>lz4</c> or <c>zstd</c>.</summary>
    public string Compression { get; set; } = "lz4";

    /// <summary>
    /// How long an append may wait for the brokers (<c>message.timeout.ms</c>) before it fails as unavailable.
    /// </summary>
    public int MessageTimeoutMs { get; set; } = 30_000;

    /// <summary>Limit for metadata, watermark, commit and topic-creation requests.</summary>
    public int OperationTimeoutMs { get; set; } = 10_000;

    /// <summary>Extra librdkafka settings for every client (e.g. <c>security.protocol</c>, <c>sasl.*</c>); they win over the defaults.</summary>
    public Dictionary<string, string> Settings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Extra librdkafka settings for the producer only; they win over <see cref="Settings"/>.</summary>
    public Dictionary<string, string> ProducerSettings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Extra librdkafka settings for consumers only (e.g. <c>session.timeout.ms</c>); they win over <see cref="Settings"/>.</summary>
    public Dictionary<string, string> ConsumerSettings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The partition count for a topic.</summary>
    public int PartitionsOf(string topic) => Partitions.TryGetValue(topic, out var count) ? count : DefaultPartitions;

    internal TimeSpan OperationTimeout => TimeSpan.FromMilliseconds(OperationTimeoutMs);
}
