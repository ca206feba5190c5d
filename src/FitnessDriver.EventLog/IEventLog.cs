namespace FitnessDriver.EventLog;

/// <summary>
/// A durable, partitioned, keyed log: the backbone between services.
/// Appends complete only once the message is durable; consumers read at least once.
/// </summary>
public interface IEventLog : IAsyncDisposable
{
    /// <summary>
    /// Appends a message to a topic and completes once it is durable.
    /// </summary>
    /// <exception cref="EventLogUnavailableException">The log cannot accept the message now.</exception>
    ValueTask<AppendResult> AppendAsync(string topic, EventMessage message, CancellationToken cancellationToken = default);

    /// <summary>The number of partitions of a topic.</summary>
    int GetPartitionCount(string topic);

    /// <summary>For each partition of a topic, its oldest position and the position just after its last durable message.</summary>
    ValueTask<IReadOnlyDictionary<TopicPartition, Watermarks>> GetWatermarksAsync(string topic, CancellationToken cancellationToken = default);

    /// <summary>Joins a consumer group (or reads without one) on the given topics.</summary>
    IEventConsumer Subscribe(ConsumerOptions options);
}
