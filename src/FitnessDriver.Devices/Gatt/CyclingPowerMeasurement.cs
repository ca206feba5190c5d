namespace FitnessDriver.Devices.Gatt;

/// <summary>What a pedal power balance percentage refers to.</summary>
public enum PedalPowerBalanceReference
{
    /// <summary>The sensor does not say which pedal.</summary>
    Unknown = 0,
    /// <summary>The percentage is the left pedal's share.</summary>
    Left = 1,
}

/// <summary>Where accumulated torque is measured.</summary>
public enum TorqueSource
{
    /// <summary>At the wheel hub.</summary>
    Wheel = 0,
    /// <summary>At the crank.</summary>
    Crank = 1,
}

/// <summary>Cycling Power Measurement (characteristic 0x2A63) of the Bluetooth Cycling Power Service.</summary>
/// <param name="InstantaneousPower">Watts.</param>
/// <param name="PedalPowerBalance">Percent, resolution 1/2 %.</param>
/// <param name="PedalPowerBalanceReference">Present with <paramref name="PedalPowerBalance"/>.</param>
/// <param name="AccumulatedTorque">Newton metres, resolution 1/32 N·m.</param>
/// <param name="AccumulatedTorqueSource">Present with <paramref name="AccumulatedTorque"/>.</param>
/// <param name="CumulativeWheelRevolutions">Wheel revolutions since the sensor started, 32-bit.</param>
/// <param name="LastWheelEventTime">Time of the last wheel event in units of 1/2048 s, rolls over at 32 s.</param>
/// <param name="CumulativeCrankRevolutions">Crank revolutions, 16-bit.</param>
/// <param name="LastCrankEventTime">Time of the last crank event in units of 1/1024 s, rolls over at 64 s.</param>
/// <param name="MaximumForceMagnitude">Newtons.</param>
/// <param name="MinimumForceMagnitude">Newtons.</param>
/// <param name="MaximumTorqueMagnitude">Newton metres, resolution 1/32 N·m.</param>
/// <param name="MinimumTorqueMagnitude">Newton metres, resolution 1/32 N·m.</param>
/// <param name="MaximumAngle">Crank angle of the maximum, degrees (12-bit).</param>
/// <param name="MinimumAngle">Crank angle of the minimum, degrees (12-bit).</param>
/// <param name="TopDeadSpotAngle">Degrees.</param>
/// <param name="BottomDeadSpotAngle">Degrees.</param>
/// <param name="AccumulatedEnergy">Kilojoules.</param>
/// <param name="OffsetCompensationIndicator">The sensor asks for an offset compensation.</param>
public sealed record CyclingPowerMeasurement(
    int InstantaneousPower,
    double? PedalPowerBalance,
    PedalPowerBalanceReference? PedalPowerBalanceReference,
    double? AccumulatedTorque,
    TorqueSource? AccumulatedTorqueSource,
    uint? CumulativeWheelRevolutions,
    int? LastWheelEventTime,
    int? CumulativeCrankRevolutions,
    int? LastCrankEventTime,
    int? MaximumForceMagnitude,
    int? MinimumForceMagnitude,
    double? MaximumTorqueMagnitude,
    double? MinimumTorqueMagnitude,
    int? MaximumAngle,
    int? MinimumAngle,
    int? TopDeadSpotAngle,
    int? BottomDeadSpotAngle,
    int? AccumulatedEnergy,
    bool OffsetCompensationIndicator) : GattMeasurement
{
    /// <summary>The 16-bit characteristic id.</summary>
    public const ushort CharacteristicId = 0x2A63;

    /// <summary>Decodes a notification payload. Fields are read in the order the specification lists them.</summary>
    /// <exception cref="GattDecodeException">The payload ends inside a field that its flags announce.</exception>
    public static CyclingPowerMeasurement Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var flags = reader.ReadUInt16("flags");
        bool Has(int bit) => (flags & (1 << bit)) != 0;

        int power = reader.ReadSInt16("instantaneous power");

        double? balance = null;
        PedalPowerBalanceReference? balanceReference = null;
        if (Has(0))
        {
            balance = reader.ReadUInt8("pedal power balance") / 2d;
            balanceReference = Has(1) ? Gatt.PedalPowerBalanceReference.Left : Gatt.PedalPowerBalanceReference.Unknown;
        }

        double? torque = null;
        TorqueSource? torqueSource = null;
        if (Has(2))
        {
            torque = reader.ReadUInt16("accumulated torque") / 32d;
            torqueSource = Has(3) ? TorqueSource.Crank : TorqueSource.Wheel;
        }

        uint? wheelRevolutions = null;
        int? wheelTime = null;
        if (Has(4))
        {
            wheelRevolutions = reader.ReadUInt32("cumulative wheel revolutions");
            wheelTime = reader.ReadUInt16("last wheel event time");
        }

        int? crankRevolutions = null;
        int? crankTime = null;
        if (Has(5))
        {
            crankRevolutions = reader.ReadUInt16("cumulative crank revolutions");
            crankTime = reader.ReadUInt16("last crank event time");
        }

        int? maxForce = null;
        int? minForce = null;
        if (Has(6))
        {
            maxForce = reader.ReadSInt16("maximum force magnitude");
            minForce = reader.ReadSInt16("minimum force magnitude");
        }

        double? maxTorque = null;
        double? minTorque = null;
        if (Has(7))
        {
            maxTorque = reader.ReadSInt16("maximum torque magnitude") / 32d;
            minTorque = reader.ReadSInt16("minimum torque magnitude") / 32d;
        }

        int? maxAngle = null;
        int? minAngle = null;
        if (Has(8))
        {
            // Two 12-bit angles share three bytes: the maximum in the low 12 bits.
            var packed = reader.ReadUInt24("extreme angles");
            maxAngle = (int)(packed & 0xFFF);
            minAngle = (int)(packed >> 12);
        }

        int? topDeadSpot = Has(9) ? reader.ReadUInt16("top dead spot angle") : null;
        int? bottomDeadSpot = Has(10) ? reader.ReadUInt16("bottom dead spot angle") : null;
        int? energy = Has(11) ? reader.ReadUInt16("accumulated energy") : null;

        return new CyclingPowerMeasurement(
            power, balance, balanceReference, torque, torqueSource, wheelRevolutions, wheelTime, crankRevolutions,
            crankTime, maxForce, minForce, maxTorque, minTorque, maxAngle, minAngle, topDeadSpot, bottomDeadSpot,
            energy, Has(12));
    }
}
