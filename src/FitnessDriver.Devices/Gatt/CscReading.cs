namespace FitnessDriver.Devices.Gatt;

/// <summary>Speed and cadence derived from consecutive CSC measurements.</summary>
/// <param name="Speed">Metres per second; null until two wheel events have been seen.</param>
/// <param name="Cadence">Crank revolutions per minute; null until two crank events have been seen.</param>
/// <param name="Distance">Metres covered since the first wheel measurement.</param>
public sealed record CscReading(double? Speed, double? Cadence, double Distance);
