using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FitnessDriver.EventLog;

namespace FitnessDriver.Postgres.Consumers;

/// <summary>Publishes how far a group is behind the end of each partition (gauge <c>fd.consumer.lag</c>).</summary>
internal sealed class ConsumerLag(IEventLog log, string group)
{
    private static readonly ConcurrentDictionary<(string Group, TopicPartition Partition), long> Lags = new();
    private readonly Dictionary<TopicPartition, long> positions = [];
    private long lastRefresh;

    static ConsumerLag() =>
        SinkMetrics.Meter.CreateObservableGauge("fd.consumer.lag", () => Lags.Select(l => new Measurement<long>(l.Value,
            new("group", l.Key.Group), new("topic", l.Key.Partition.Topic), new("partition", l.Key.Partition.Partition))),
            description: "Distance from a group's position to the end of the partition (messages on Kafka, bytes on the embedded log).");

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
                var position = positions.TryGetValue(partition, out var p) ? Math.Max(p, watermarks.Low) : watermarks.Low;
                Lags[(group, partition)] = Math.Max(0, watermarks.High - position);
            }
        }
    }
}
