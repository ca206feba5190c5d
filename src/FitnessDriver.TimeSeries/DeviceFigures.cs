using FitnessDriver.Contracts;

namespace FitnessDriver.TimeSeries;

/// <summary>
/// One device's samples folded in time order: their count, distance (its own cumulative channel, else the length of its
/// GPS track) and moving time (steps of at most 30 s at a speed, own or derived, of at least 0.5 m/s).
/// </summary>
public sealed class DeviceFigures
{
    /// <summary>Metres per second above which the athlete counts as moving.</summary>
    private const double MovingSpeed = 0.5;

    /// <summary>Longest gap between two samples that still counts as moving time.</summary>
    private const double MaxMovingStepS = 30;

    /// <summary>Samples folded.</summary>
    public long Samples { get; private set; }

    /// <summary>The largest cumulative distance, metres.</summary>
    public double? MaxDistance { get; private set; }

    /// <summary>The length of the GPS track, metres.</summary>
    public double? GpsDistance { get; private set; }

    /// <summary>Moving time, seconds.</summary>
    public double MovingS { get; private set; }

    /// <summary>The last sample folded: its time, cumulative distance and position.</summary>
    public (long T, double? Distance, (double Lat, double Lon)? Position)? Previous { get; private set; }

    /// <summary>A device's own cumulative distance beats its GPS track.</summary>
    public double? Distance => MaxDistance ?? GpsDistance;

    /// <summary>Folds the next sample (speed in m/s, distance in metres), later than every one before.</summary>
    public void Add(long t, double? speed, double? distance, (double Lat, double Lon)? position)
    {
        Samples++;
        if (distance is { } d)
            MaxDistance = Math.Max(MaxDistance ?? d, d);
        if (Previous is { } prev)
        {
            var dt = (t - prev.T) / 1000.0;
            double? gpsStep = position is { } p && prev.Position is { } q ? Geo.HaversineM(q.Lat, q.Lon, p.Lat, p.Lon) : null;
            double? distanceStep = distance is { } now && prev.Distance is { } before ? now - before : null;
            if (gpsStep is { } step)
                GpsDistance = (GpsDistance ?? 0) + step;
            if (dt > 0 && (speed ?? distanceStep / dt ?? gpsStep / dt) >= MovingSpeed)
                MovingS += Math.Min(dt, MaxMovingStepS);
        }

        Previous = (t, distance, position);
    }

    /// <summary>Writes the figures and the last sample's time and distance; its position is the caller's to keep (sealed).</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Samples);
        RunningFigures.WriteNullable(writer, MaxDistance);
        RunningFigures.WriteNullable(writer, GpsDistance);
        writer.Write(MovingS);
        writer.Write(Previous is not null);
        if (Previous is { } prev)
        {
            writer.Write(prev.T);
            RunningFigures.WriteNullable(writer, prev.Distance);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote, with the last sample's position.</summary>
    public static DeviceFigures Read(BinaryReader reader, (double Lat, double Lon)? lastPosition)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var figures = new DeviceFigures
        {
            Samples = reader.ReadInt64(),
            MaxDistance = RunningFigures.ReadNullable(reader),
            GpsDistance = RunningFigures.ReadNullable(reader),
            MovingS = reader.ReadDouble(),
        };
        if (reader.ReadBoolean())
            figures.Previous = (reader.ReadInt64(), RunningFigures.ReadNullable(reader), lastPosition);
        return figures;
    }
}
