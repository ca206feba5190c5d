namespace FitnessDriver.Devices.Gatt;

/// <summary>Heart Rate Measurement (characteristic 0x2A37) of the Bluetooth Heart Rate Service.</summary>
/// <param name="HeartRate">Beats per minute.</param>
/// <param name="SensorContactSupported">Whether the sensor reports skin contact at all.</param>
/// <param name="SensorContactDetected">Skin contact; null when the sensor does not support contact detection.</param>
/// <param name="EnergyExpended">Accumulated energy since the last reset, kilojoules.</param>
/// <param name="RrIntervals">RR intervals in units of 1/1024 s, oldest first.</param>
public sealed record HeartRateMeasurement(
    int HeartRate,
    bool SensorContactSupported,
    bool? SensorContactDetected,
    int? EnergyExpended,
    IReadOnlyList<int> RrIntervals) : GattMeasurement
{
    /// <summary>The 16-bit characteristic id.</summary>
    public const ushort CharacteristicId = 0x2A37;

    /// <summary>RR intervals in milliseconds (exact: 1/1024 s = 0.9765625 ms).</summary>
    public IReadOnlyList<double> RrIntervalsMs => RrIntervals.Select(rr => rr * 1000d / 1024d).ToArray();

    /// <summary>Decodes a notification payload.</summary>
    /// <exception cref="GattDecodeException">The payload is empty or ends inside a field.</exception>
    public static HeartRateMeasurement Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var flags = reader.ReadUInt8("flags");
        int heartRate = (flags & 0x01) != 0
            ? reader.ReadUInt16("heart rate (16-bit)")
            : reader.ReadUInt8("heart rate (8-bit)");
        var contactSupported = (flags & 0x04) != 0;
        bool? contactDetected = contactSupported ? (flags & 0x02) != 0 : null;
        int? energy = (flags & 0x08) != 0 ? reader.ReadUInt16("energy expended") : null;

        var rr = new List<int>();
        if ((flags & 0x10) != 0)
        {
            // The RR list has no count: it fills the rest of the payload, so an odd byte left over is a cut value.
            while (reader.Remaining > 0)
            {
                rr.Add(reader.ReadUInt16("RR interval"));
            }
        }

        return new HeartRateMeasurement(heartRate, contactSupported, contactDetected, energy, rr);
    }
}
