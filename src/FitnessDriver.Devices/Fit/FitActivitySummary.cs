using FitnessDriver.Contracts;

namespace FitnessDriver.Devices.Fit;

/// <summary>What a FIT activity file says about itself, apart from its samples.</summary>
/// <param name="Sport">From the session (or sport, or lap) message; null when the file does not say.</param>
/// <param name="StartTime">Session start, else the first record, else file creation; Unix milliseconds.</param>
/// <param name="Device">From file_id, completed by the creator's device_info.</param>
/// <param name="RecordCount">Number of record messages.</param>
public sealed record FitActivitySummary(Sport? Sport, long? StartTime, DeviceIdentity Device, int RecordCount);
