using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Social.Feed;

/// <summary>
/// What one device's samples of an activity add up to: distance (its own cumulative distance when it sends one, the
/// steps between its positions otherwise) and moving time. Only samples after the latest one counted go in, so a batch
/// sent twice counts once.
/// </summary>
public sealed record DeviceTally(long FirstT, long LastT, double DistanceM, double MovingS, double? LastDistance, double? LastLat, double? LastLon)
{
    /// <summary>Steps longer than this are a pause, not movement.</summary>
    private const long MaxStepMs = 30_000;

    /// <summary>Slower than this is standing still.</summary>
    private const double MovingSpeed = 0.3;

    /// <summary>Faster than this is a GPS jump, not movement.</summary>
    private const double MaxSpeed = 100;

    /// <summary>The tally with <paramref name="samples"/> added (those after <see cref="LastT"/>, in time order).</summary>
    public static DeviceTally Add(DeviceTally? tally, IEnumerable<Sample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var current = tally;
        foreach (var sample in samples.OrderBy(s => s.T))
        {
            if (current is null)
            {
                current = new DeviceTally(sample.T, sample.T, 0, 0, sample.Distance, sample.Lat, sample.Lon);
                continue;
            }

            if (sample.T <= current.LastT)
                continue;
            current = current.Step(sample);
        }

        return current!;
    }

    private DeviceTally Step(Sample sample)
    {
        var seconds = (sample.T - LastT) / 1000.0;
        double step = 0;
        if (sample.Distance is { } distance && LastDistance is { } last)
            step = Math.Max(0, distance - last);
        else if (sample.Distance is null && sample.HasPosition && LastLat is { } lat && LastLon is { } lon)
            step = Geo.HaversineM(lat, lon, sample.Lat!.Value, sample.Lon!.Value);
        if (step / seconds > MaxSpeed)
            step = 0;
        var moving = sample.T - LastT <= MaxStepMs && step / seconds >= MovingSpeed ? seconds : 0;
        return new DeviceTally(FirstT, sample.T, DistanceM + step, MovingS + moving, sample.Distance ?? LastDistance,
            sample.HasPosition ? sample.Lat : LastLat, sample.HasPosition ? sample.Lon : LastLon);
    }
}
