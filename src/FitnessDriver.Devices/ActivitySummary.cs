using FitnessDriver.Contracts;

namespace FitnessDriver.Devices;

/// <summary>What an activity file says about itself, apart from its samples.</summary>
/// <param name="Sport">The sport, when the file names one this platform knows.</param>
/// <param name="StartTime">Start of the activity, Unix milliseconds; null when the file has no time at all.</param>
/// <param name="Device">The recording device or application.</param>
public sealed record ActivitySummary(Sport? Sport, long? StartTime, DeviceIdentity Device);
