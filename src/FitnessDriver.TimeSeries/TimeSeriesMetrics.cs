using System.Diagnostics.Metrics;

namespace FitnessDriver.TimeSeries;

/// <summary>Instruments of TimeSeries (meter <c>FitnessDriver.TimeSeries</c>).</summary>
internal static class TimeSeriesMetrics
{
    private static readonly Meter Meter = new("FitnessDriver.TimeSeries");
    private static readonly Counter<long> Stored = Meter.CreateCounter<long>("fd.timeseries.samples.stored", description: "New sample rows written.");

    public static void RecordStored(long count) => Stored.Add(count);
}
