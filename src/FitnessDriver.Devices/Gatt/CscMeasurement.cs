namespace FitnessDriver.Devices.Gatt;

/// <summary>CSC Measurement (characteristic 0x2A5B) of the Bluetooth Cycling Speed and Cadence Service.</summary>
/// <param name="CumulativeWheelRevolutions">Wheel revolutions, 32-bit, rolls over.</param>
/// <param name="LastWheelEventTime">Time of the last wheel event in units of 1/1024 s, rolls over at 64 s.</param>
/// <param name="CumulativeCrankRevolutions">Crank revolutions, 16-bit, rolls over.</param>
/// <param name="LastCrankEventTime">Time of the last crank event in units of 1/1024 s, rolls over at 64 s.</param>
public sealed record CscMeasurement(
    uint? CumulativeWheelRevolutions,
    int? LastWheelEventTime,
    int? CumulativeCrankRevolutions,
    int? LastCrankEventTime) : GattMeasurement
{
    /// <summary>The 16-bit characteristic id.</summary>
    public const ushort CharacteristicId = 0x2A5B;

    /// <summary>Decodes a notification payload.</summary>
    /// <exception cref="GattDecodeException">The payload ends inside a field that its flags announce.</exception>
    public static CscMeasurement Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var flags = reader.ReadUInt8("flags");

        uint? wheelRevolutions = null;
        int? wheelTime = null;
        if ((flags & 0x01) != 0)
        {
            wheelRevolutions = reader.ReadUInt32("cumulative wheel revolutions");
            wheelTime = reader.ReadUInt16("last wheel event time");
        }

        int? crankRevolutions = null;
        int? crankTime = null;
        if ((flags & 0x02) != 0)
        {
            crankRevolutions = reader.ReadUInt16("cumulative crank revolutions");
            crankTime = reader.ReadUInt16("last crank event time");
        }

        return new CscMeasurement(wheelRevolutions, wheelTime, crankRevolutions, crankTime);
    }
}
