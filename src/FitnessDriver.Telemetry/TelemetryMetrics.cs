using System.Diagnostics.Metrics;

namespace FitnessDriver.Telemetry;

/// <summary>Instruments of the edge (meter <c>FitnessDriver.Telemetry</c>).</summary>
internal static class TelemetryMetrics
{
    private static readonly Meter Meter = new("FitnessDriver.Telemetry");
    private static readonly Counter<long> Accepted = Meter.CreateCounter<long>("fd.telemetry.samples.accepted", description: "Samples acknowledged durable.");

    public static void RecordAccepted(int count) => Accepted.Add(count);
}
