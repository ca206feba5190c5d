namespace FitnessDriver.Devices.Gatt;

/// <summary>Indoor Bike Data (characteristic 0x2AD2) of the Bluetooth Fitness Machine Service.</summary>
/// <param name="MoreData">
/// Flag bit 0. Inverted on purpose by the specification: when set, more fields follow in another notification and
/// this one carries no instantaneous speed; when clear, instantaneous speed is present.
/// </param>
/// <param name="InstantaneousSpeed">Kilometres per hour, resolution 0.01 km/h.</param>
/// <param name="AverageSpeed">Kilometres per hour, resolution 0.01 km/h.</param>
/// <param name="InstantaneousCadence">Revolutions per minute, resolution 0.5.</param>
/// <param name="AverageCadence">Revolutions per minute, resolution 0.5.</param>
/// <param name="TotalDistance">Metres (24-bit).</param>
/// <param name="ResistanceLevel">Unitless.</param>
/// <param name="InstantaneousPower">Watts.</param>
/// <param name="AveragePower">Watts.</param>
/// <param name="TotalEnergy">Kilocalories; null when the machine sends "not available" (0xFFFF).</param>
/// <param name="EnergyPerHour">Kilocalories per hour; null for "not available" (0xFFFF).</param>
/// <param name="EnergyPerMinute">Kilocalories per minute; null for "not available" (0xFF).</param>
/// <param name="HeartRate">Beats per minute.</param>
/// <param name="MetabolicEquivalent">Resolution 0.1.</param>
/// <param name="ElapsedTime">Seconds.</param>
/// <param name="RemainingTime">Seconds.</param>
public sealed record IndoorBikeData(
    bool MoreData,
    double? InstantaneousSpeed,
    double? AverageSpeed,
    double? InstantaneousCadence,
    double? AverageCadence,
    int? TotalDistance,
    int? ResistanceLevel,
    int? InstantaneousPower,
    int? AveragePower,
    int? TotalEnergy,
    int? EnergyPerHour,
    int? EnergyPerMinute,
    int? HeartRate,
    double? MetabolicEquivalent,
    int? ElapsedTime,
    int? RemainingTime) : GattMeasurement
{
    /// <summary>The 16-bit characteristic id.</summary>
    public const ushort CharacteristicId = 0x2AD2;

    /// <summary>Decodes a notification payload.</summary>
    /// <exception cref="GattDecodeException">The payload ends inside a field that its flags announce.</exception>
    public static IndoorBikeData Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var flags = reader.ReadUInt16("flags");
        bool Has(int bit) => (flags & (1 << bit)) != 0;

        var moreData = Has(0);
        double? speed = moreData ? null : reader.ReadUInt16("instantaneous speed") / 100d;
        double? averageSpeed = Has(1) ? reader.ReadUInt16("average speed") / 100d : null;
        double? cadence = Has(2) ? reader.ReadUInt16("instantaneous cadence") / 2d : null;
        double? averageCadence = Has(3) ? reader.ReadUInt16("average cadence") / 2d : null;
        int? distance = Has(4) ? (int)reader.ReadUInt24("total distance") : null;
        int? resistance = Has(5) ? reader.ReadSInt16("resistance level") : null;
        int? power = Has(6) ? reader.ReadSInt16("instantaneous power") : null;
        int? averagePower = Has(7) ? reader.ReadSInt16("average power") : null;

        int? totalEnergy = null;
        int? energyPerHour = null;
        int? energyPerMinute = null;
        if (Has(8))
        {
            totalEnergy = NotAvailableAsNull(reader.ReadUInt16("total energy"), 0xFFFF);
            energyPerHour = NotAvailableAsNull(reader.ReadUInt16("energy per hour"), 0xFFFF);
            energyPerMinute = NotAvailableAsNull(reader.ReadUInt8("energy per minute"), 0xFF);
        }

        int? heartRate = Has(9) ? reader.ReadUInt8("heart rate") : null;
        double? met = Has(10) ? reader.ReadUInt8("metabolic equivalent") / 10d : null;
        int? elapsed = Has(11) ? reader.ReadUInt16("elapsed time") : null;
        int? remaining = Has(12) ? reader.ReadUInt16("remaining time") : null;

        return new IndoorBikeData(
            moreData, speed, averageSpeed, cadence, averageCadence, distance, resistance, power, averagePower,
            totalEnergy, energyPerHour, energyPerMinute, heartRate, met, elapsed, remaining);
    }

    private static int? NotAvailableAsNull(int value, int notAvailable) => value == notAvailable ? null : value;
}
