using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Devices.Fit;

/// <summary>
/// Turns record messages into samples: applies scale and offset, prefers the enhanced fields, unpacks
/// compressed_speed_distance and accumulates its 12-bit distance, and carries the last timestamp to records
/// that have none.
/// </summary>
internal sealed class FitRecordSampler
{
    private const byte PositionLat = 0;
    private const byte PositionLong = 1;
    private const byte Altitude = 2;
    private const byte HeartRate = 3;
    private const byte Cadence = 4;
    private const byte Distance = 5;
    private const byte Speed = 6;
    private const byte Power = 7;
    private const byte CompressedSpeedDistance = 8;
    private const byte EnhancedSpeed = 73;
    private const byte EnhancedAltitude = 78;
    private const int DistanceBits = 12;

    // Compressed distance is in 1/16 m and wraps at 12 bits; a full distance field resets the running total.
    private long _distanceSixteenths;
    private long _lastCompressedDistance;

    public uint? LastTimestamp { get; private set; }

    /// <summary>Notes a timestamp from any message, so a record without one gets the latest.</summary>
    public void Observe(FitMessage message)
    {
        if (message.Timestamp is { } t)
        {
            LastTimestamp = t;
        }
    }

    /// <summary>Returns the sample of a record message, or null when no timestamp has been seen yet.</summary>
    public Sample? ToSample(FitMessage record)
    {
        Observe(record);
        if (LastTimestamp is not { } timestamp)
        {
            return null;
        }

        double? speed = record.Scaled(EnhancedSpeed, 1000) ?? record.Scaled(Speed, 1000);
        double? distance = record.Scaled(Distance, 100);
        if (distance is { } metres)
        {
            _distanceSixteenths = (long)Math.Round(metres * 16);
            _lastCompressedDistance = _distanceSixteenths;
        }

        if (record.Field(CompressedSpeedDistance) is { IsInvalid: false } packed && packed.Raw.Length >= 3)
        {
            var bits = (long)packed.Raw[0] | ((long)packed.Raw[1] << 8) | ((long)packed.Raw[2] << 16);
            speed ??= (bits & 0xFFF) / 100d;
            var compressed = bits >> DistanceBits;
            _distanceSixteenths += (compressed - _lastCompressedDistance) & ((1 << DistanceBits) - 1);
            _lastCompressedDistance = compressed;
            distance ??= _distanceSixteenths / 16d;
        }

        var lat = record.Field(PositionLat)?.Value;
        var lon = record.Field(PositionLong)?.Value;
        var altitude = record.Scaled(EnhancedAltitude, 5, 500) ?? record.Scaled(Altitude, 5, 500);

        return DecodedSamples.Create(
            FitProfile.ToUnixMilliseconds(timestamp),
            hr: record.Field(HeartRate)?.Value,
            power: record.Field(Power)?.Value,
            cadence: record.Field(Cadence)?.Value,
            speed: speed,
            distance: distance,
            lat: lat is { } la ? FitProfile.SemicirclesToDegrees(la) : null,
            lon: lon is { } lo ? FitProfile.SemicirclesToDegrees(lo) : null,
            alt: altitude);
    }
}
