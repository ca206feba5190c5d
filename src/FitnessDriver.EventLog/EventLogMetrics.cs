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

    /// <summary>Records one durable append.</summary>
    public static void RecordAppend(string topic, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("topic", topic);
        Appends.Add(1, tag);
        AppendDuration.Record(duration.TotalMilliseconds, tag);
    }
}
