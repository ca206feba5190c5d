namespace FitnessDriver.Devices.Gatt;

/// <summary>RSC Measurement (characteristic 0x2A53) of the Bluetooth Running Speed and Cadence Service.</summary>
/// <param name="InstantaneousSpeed">Metres per second, resolution 1/256 m/s.</param>
/// <param name="InstantaneousCadence">Steps per minute.</param>
/// <param name="InstantaneousStrideLength">Metres, resolution 1 cm.</param>
/// <param name="TotalDistance">Metres, resolution 0.1 m.</param>
/// <param name="IsRunning">True when the sensor says running, false for walking.</param>
public sealed record RscMeasurement(
    double InstantaneousSpeed,
    int InstantaneousCadence,
    double? InstantaneousStrideLength,
    double? TotalDistance,
    bool IsRunning) : GattMeasurement
{
    /// <summary>The 16-bit characteristic id.</summary>
    public const ushort CharacteristicId = 0x2A53;

    /// <summary>Decodes a notification payload.</summary>
    /// <exception cref="GattDecodeException">The payload ends inside a field that its flags announce.</exception>
    public static RscMeasurement Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var flags = reader.ReadUInt8("flags");
        var speed = reader.ReadUInt16("instantaneous speed") / 256d;
        int cadence = reader.ReadUInt8("instantaneous cadence");
        double? stride = (flags & 0x01) != 0 ? reader.ReadUInt16("instantaneous stride length") / 100d : null;
        double? distance = (flags & 0x02) != 0 ? reader.ReadUInt32("total distance") / 10d : null;
        return new RscMeasurement(speed, cadence, stride, distance, (flags & 0x04) != 0);
    }
}
