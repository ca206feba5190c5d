using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Devices.Fit;

namespace FitnessDriver.Devices.Tests.Fit;

/// <summary>Builds FIT activity files with <see cref="FitWriter"/> for tests.</summary>
internal static class FitSampleFiles
{
    public const long Start = 1_700_000_000_000;

    /// <summary>A ride with every channel, some gaps, negative longitudes and altitudes below sea level.</summary>
    public static IReadOnlyList<Sample> Ride(int count, int seed = 7)
    {
        var random = new Random(seed);
        var samples = new List<Sample>(count);
        var distance = 0d;
        for (var i = 0; i < count; i++)
        {
            var speed = (float)Math.Round(random.NextDouble() * 15, 3);
            distance += speed;
            samples.Add(new Sample(
                Start + (i * 1000L),
                Hr: i % 17 == 0 ? null : 90 + random.Next(100),
                Power: i % 13 == 0 ? null : random.Next(900),
                Cadence: random.Next(120),
                Speed: speed,
                Distance: Math.Round(distance, 2),
                Lat: i % 29 == 0 ? null : 46.05 + (random.NextDouble() / 100),
                Lon: i % 29 == 0 ? null : -14.5 + (random.NextDouble() / 100),
                Alt: (float)Math.Round(-20 + (random.NextDouble() * 300), 1)));
        }

        return samples;
    }

    public static byte[] Write(IReadOnlyList<Sample> samples, bool bigEndian = false)
    {
        using var stream = new MemoryStream();
        WriteTo(stream, samples, bigEndian);
        return stream.ToArray();
    }

    public static void WriteTo(Stream stream, IEnumerable<Sample> samples, bool bigEndian = false)
    {
        var writer = new FitWriter(stream, bigEndian);
        writer.WriteFileId(1, 2697, 3_945_849_289, Start);
        Sample? last = null;
        foreach (var sample in samples)
        {
            writer.WriteRecord(sample);
            last = sample;
        }

        var end = last?.T ?? Start;
        writer.WriteLap(Start, end, last?.Distance);
        writer.WriteSession(Sport.Ride, Start, end, last?.Distance);
        writer.Complete();
    }
}
