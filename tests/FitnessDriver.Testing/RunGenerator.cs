using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Testing;

/// <summary>Generates a realistic 1 Hz run: speed, heart rate, cumulative distance and GPS heading east.</summary>
public static class RunGenerator
{
    /// <summary>Samples every second from <paramref name="start"/> at about <paramref name="speed"/> m/s for <paramref name="seconds"/> seconds.</summary>
    public static List<Sample> Samples(DateTimeOffset start, int seconds, double speed = 3.2, bool withDistance = true, bool withPosition = true)
    {
        var samples = new List<Sample>(seconds);
        double distance = 0, lat = 43.35, lon = 42.44;
        for (var i = 0; i < seconds; i++)
        {
            var t = start.ToUnixTimeMilliseconds() + i * 1000L;
            samples.Add(new Sample(t,
                Hr: 120 + (i % 40),
                Cadence: 170,
                Speed: (float)speed,
                Distance: withDistance ? Math.Round(distance, 2) : null,
                Lat: withPosition ? lat : null,
                Lon: withPosition ? lon : null,
                Alt: 2130));
            distance += speed;
            // Metres to degrees of longitude at this latitude.
            lon += speed / (111_320 * Math.Cos(lat * Math.PI / 180));
        }

        return samples;
    }
}
