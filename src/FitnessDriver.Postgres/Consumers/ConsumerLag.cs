using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FitnessDriver.EventLog;

namespace FitnessDriver.Postgres.Consumers;

/// <summary>
/// Publishes how far a group is behind the end of each partition (gauge <c>fd.consumer.lag</c>), for the partitions this
/// member holds: another member's partitions are its to report, and this one does not know their positions.
/// </summary>
internal sealed class ConsumerLag(IEventLog log, string group)
{
    private static readonly ConcurrentDictionary<(string Group, TopicPartition Partition), long> Lags = new();
    private readonly Dictionary<TopicPartition, long> positions = [];
    private long lastRefresh;

    static ConsumerLag() =>
        SinkMetrics.Meter.CreateObservableGauge("fd.consumer.lag", () => Lags.Select(l => new Measurement<long>(l.Value,
            new("group", l.Key.Group), new("topic", l.Key.Partition.Topic), new("partition", l.Key.Partition.Partition))),
            description: "Distance from a group's position to the end of the partition (messages on Kafka, bytes on the embedded log).");

    /// <summary>
    /// This member got <paramref name="partitions"/>, starting at the <paramref name="stored"/> positions; a partition
    /// without one starts at the beginning of the log.
    /// </summary>
    public void Assigned(IEnumerable<TopicPartition> partitions, IReadOnlyDictionary<TopicPartition, long> stored)
    {
        foreach (var partition in partitions)
            positions[partition] = stored.TryGetValue(partition, out var position) ? position : 0;
    }

    /// <summary>The partitions moved to another member, which reports them from now on.</summary>
    public void Revoked(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            positions.Remove(partition);
            Lags.TryRemove((group, partition), out _);
        }
    }

    public void Processed(IReadOnlyDictionary<TopicPartition, long> processed)
    {
        foreach (var (partition, position) in processed)
            positions[partition] = position;
    }

    public async Task RefreshAsync(IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        if (Environment.TickCount64 - lastRefresh < 1000)
            return;
        lastRefresh = Environment.TickCount64;
        foreach (var topic in topics)
        {
            IReadOnlyDictionary<TopicPartition, Watermarks> watermarksOf;
            try
            {
                watermarksOf = await log.GetWatermarksAsync(topic, cancellationToken);
            }
            catch (EventLogUnavailableException)
            {
                // Brokers unreachable: the gauge keeps its last values until the next refresh rather than stopping the consumer.
                continue;
            }

            foreach (var (partition, watermarks) in watermarksOf)
            {
                if (positions.TryGetValue(partition, out var position))
                    Lags[(group, partition)] = Math.Max(0, watermarks.High - Math.Max(position, watermarks.Low));
            }
        }
    }
}
