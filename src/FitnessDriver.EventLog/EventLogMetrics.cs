using System.Diagnostics.Metrics;

namespace FitnessDriver.EventLog;

/// <summary>Instruments of the event log (meter <c>FitnessDriver.EventLog</c>).</summary>
public static class EventLogMetrics
{
    /// <summary>The meter name to export.</summary>
    public const string MeterName = "FitnessDriver.EventLog";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Appends = Meter.CreateCounter<long>("fd.eventlog.appends", description: "Messages appended durably.");
    private static readonly Histogram<double> AppendDuration = Meter.CreateHistogram<double>(
        "fd.eventlog.append.duration", unit: "ms", description: "Time from append to durable acknowledgement.");
    private static readonly Counter<long> TruncatedBytes = Meter.CreateCounter<long>(
        "fd.eventlog.retention.truncated", unit: "By", description: "Bytes of the embedded log removed by retention.");
    private static readonly Counter<long> ReleasedSegments = Meter.CreateCounter<long>(
        "fd.eventlog.retention.segments", description: "Segment files of the embedded log deleted by retention.");

    /// <summary>Records one durable append.</summary>
    public static void RecordAppend(string topic, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("topic", topic);
        Appends.Add(1, tag);
        AppendDuration.Record(duration.TotalMilliseconds, tag);
    }

    /// <summary>Records what retention removed from one partition of <paramref name="topic"/>.</summary>
    public static void RecordTruncation(string topic, long bytes, long segments)
    {
        var tag = new KeyValuePair<string, object?>("topic", topic);
        TruncatedBytes.Add(bytes, tag);
        ReleasedSegments.Add(segments, tag);
    }
}
