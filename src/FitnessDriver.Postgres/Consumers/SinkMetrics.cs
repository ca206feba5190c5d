using System.Diagnostics.Metrics;

namespace FitnessDriver.Postgres.Consumers;

/// <summary>Instruments of the consumers (meter <c>FitnessDriver.Consumers</c>).</summary>
public static class SinkMetrics
{
    /// <summary>The meter name to export.</summary>
    public const string MeterName = "FitnessDriver.Consumers";

    internal static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Records = Meter.CreateCounter<long>("fd.consumer.records", description: "Records applied.");
    private static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("fd.consumer.dead_letters", description: "Records sent to a dead-letter topic.");
    private static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>("fd.consumer.batch.duration", unit: "ms",
        description: "Time to apply one batch and its positions.");

    internal static void RecordBatch(string group, int count, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("group", group);
        Records.Add(count, tag);
        BatchDuration.Record(duration.TotalMilliseconds, tag);
    }

    internal static void RecordDeadLetter(string group, string topic) =>
        DeadLettered.Add(1, new KeyValuePair<string, object?>("group", group), new KeyValuePair<string, object?>("topic", topic));
}
