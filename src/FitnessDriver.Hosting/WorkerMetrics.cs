using System.Diagnostics.Metrics;

namespace FitnessDriver.Hosting;

/// <summary>Instruments of supervised workers (meter <c>FitnessDriver.Workers</c>).</summary>
public static class WorkerMetrics
{
    /// <summary>The meter name to export.</summary>
    public const string MeterName = "FitnessDriver.Workers";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("fd.worker.failures",
        description: "Failures of a background worker that made its supervisor restart it.");

    internal static void RecordFailure(string worker) => Failures.Add(1, new KeyValuePair<string, object?>("worker", worker));
}
