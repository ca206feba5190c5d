using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Devices;

/// <summary>An imported activity file: what it says about itself and its samples.</summary>
/// <param name="Format">The detected format.</param>
/// <param name="Summary">Sport, start time and device.</param>
/// <param name="Samples">
/// The samples, oldest first, read from the stream on each enumeration (the stream must stay open). A decode
/// error can still surface while enumerating, as a <see cref="DeviceDecodeException"/>.
/// </param>
public sealed record DecodedActivity(ActivityFileFormat Format, ActivitySummary Summary, IEnumerable<Sample> Samples)
{
    /// <summary>The sport, when known.</summary>
    public Sport? Sport => Summary.Sport;

    /// <summary>Start time, Unix milliseconds.</summary>
    public long? StartTime => Summary.StartTime;

    /// <summary>The recording device.</summary>
    public DeviceIdentity Device => Summary.Device;

    /// <summary>What the reading left out (complete once <see cref="Samples"/> has been enumerated).</summary>
    public DecodeWarnings Warnings { get; init; } = new();
}
