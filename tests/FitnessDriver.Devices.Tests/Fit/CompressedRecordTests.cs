using System.Globalization;
using FitnessDriver.Devices.Fit;

namespace FitnessDriver.Devices.Tests.Fit;

/// <summary>
/// Garmin's JavaScript SDK does not read compressed timestamp headers, so these files are checked against the
/// values python-fitparse publishes for them (the *-records.csv next to the file).
/// </summary>
public sealed class CompressedRecordTests
{
    [Fact]
    public void Compressed_timestamps_and_speed_distance_match_published_values()
    {
        var expected = File.ReadAllLines(TestFiles.DeviceFile("fit", "compressed-speed-distance-records.csv"))
            .Skip(1)
            .Select(line => line.Split(',').Select(v => v.Trim()).ToArray())
            .ToList();
        using var stream = File.OpenRead(TestFiles.DeviceFile("fit", "compressed-speed-distance.fit"));

        // The published list leaves out the file's first record, which holds a timestamp and nothing else.
        var samples = FitActivityDecoder.ReadSamples(stream).Where(s => s.Hr is not null || s.Speed is not null).ToList();

        Assert.Equal(expected.Count, samples.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var row = expected[i];
            var sample = samples[i];
            Assert.Equal(FitProfile.ToUnixMilliseconds(uint.Parse(row[0], CultureInfo.InvariantCulture)), sample.T);
            Assert.Equal(Nullable(row[1]), sample.Hr);
            Assert.Equal(double.Parse(row[2], CultureInfo.InvariantCulture), sample.Speed!.Value, 1e-4);
            Assert.Equal(double.Parse(row[3], CultureInfo.InvariantCulture), sample.Distance!.Value, 1e-9);
            Assert.Equal(Nullable(row[4]), sample.Cadence);
        }
    }

    [Fact]
    public void Compressed_timestamp_header_carries_the_time_forward_across_rollover()
    {
        using var stream = File.OpenRead(TestFiles.DeviceFile("fit", "antfs-dump.63.fit"));

        var times = FitActivityDecoder.ReadSamples(stream).Select(s => s.T).ToList();

        Assert.NotEmpty(times);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.InRange(pair.Second - pair.First, 0, 31_000));
    }

    private static int? Nullable(string value) =>
        value == "null" ? null : int.Parse(value, CultureInfo.InvariantCulture);
}
