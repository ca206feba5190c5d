using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Cli.Simulate;

/// <summary>
/// A plausible 1 Hz recording: speed drifts around the athlete's pace, heart rate follows effort with a lag,
/// the route wanders from a start point, cumulative distance and RR intervals are consistent with the rest.
/// </summary>
internal sealed class Workout
{
    private static readonly (double Lat, double Lon)[] Starts = [(43.3499, 42.4453), (46.5197, 6.6323), (51.5072, -0.1276), (40.7812, -73.9665), (-33.8688, 151.2093)];
    private readonly Random random;
    private readonly double basePace;
    private double lat, lon, bearing, alt, distance, hr;
    private long t;

    public Workout(Sport sport, long startMs, int seed)
    {
        random = new Random(seed);
        Sport = sport;
        t = startMs;
        (lat, lon) = Starts[seed % Starts.Length];
        lat += (random.NextDouble() - 0.5) * 0.05;
        lon += (random.NextDouble() - 0.5) * 0.05;
        bearing = random.NextDouble() * 360;
        alt = 100 + random.NextDouble() * 1500;
        basePace = sport == Sport.Ride ? 7 + random.NextDouble() * 3 : 2.7 + random.NextDouble() * 1;
        hr = 95;
    }

    public Sport Sport { get; }

    public double Distance => distance;

    /// <summary>The next second of the workout.</summary>
    public Sample Next()
    {
        var seconds = (t / 1000) % 600;
        var speed = Math.Max(0.5, basePace * (1 + 0.08 * Math.Sin(seconds / 95.0)) + (random.NextDouble() - 0.5) * 0.3);
        var effort = speed / basePace;
        hr += ((Sport == Sport.Ride ? 125 : 140) * effort + 10 - hr) * 0.03 + (random.NextDouble() - 0.5);
        bearing += (random.NextDouble() - 0.5) * 6;
        var radians = bearing * Math.PI / 180;
        lat += speed * Math.Cos(radians) / 111_320;
        lon += speed * Math.Sin(radians) / (111_320 * Math.Cos(lat * Math.PI / 180));
        alt = Math.Clamp(alt + (random.NextDouble() - 0.5) * 0.8, -100, 8000);
        distance += speed;
        var heartRate = (int)Math.Round(Math.Clamp(hr, 60, 200));
        var sample = new Sample(
            T: t,
            Hr: heartRate,
            Power: Sport == Sport.Ride ? (int)Math.Round(Math.Clamp(200 * effort * effort + (random.NextDouble() - 0.5) * 30, 0, 1500)) : null,
            Cadence: Sport == Sport.Ride ? 85 + random.Next(-5, 6) : 165 + random.Next(-5, 6),
            Speed: (float)Math.Round(speed, 2),
            Distance: Math.Round(distance, 2),
            Lat: Math.Round(lat, 7),
            Lon: Math.Round(lon, 7),
            Alt: (float)Math.Round(alt, 1),
            Rr: [(int)Math.Round(60_000.0 / heartRate)]);
        t += 1000;
        return sample;
    }
}
