using FitnessDriver.Contracts;
using FitnessDriver.Devices.Tcx;

namespace FitnessDriver.Devices.Tests.Xml;

public sealed class TcxReaderTests
{
    [Fact]
    public void Running_activity_has_cumulative_distance_heart_rate_and_device()
    {
        using var stream = File.OpenRead(TestFiles.DeviceFile("tcx", "test.tcx"));
        var summary = TcxReader.ReadSummary(stream);
        stream.Position = 0;

        var samples = TcxReader.ReadSamples(stream).ToList();

        Assert.Equal(384, samples.Count);
        Assert.Equal(383, samples.Count(s => s.Hr is not null));
        // The last Trackpoint of this file holds a time and nothing else.
        var distances = samples.Select(s => s.Distance).OfType<double>().ToList();
        Assert.Equal(383, distances.Count);
        Assert.True(distances.Zip(distances.Skip(1)).All(p => p.First <= p.Second));
        Assert.Equal(35.951880198, samples[0].Lat!.Value, 1e-9);
        Assert.Equal(Sport.Run, summary.Sport);
        Assert.Equal(DateTimeOffset.Parse("2012-12-26T21:29:53Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), summary.StartTime);
        Assert.Equal("3854007508", summary.Device.SerialNumber);
        Assert.Equal("tcx:1250:3854007508:forerunner-410-software-version-2.20", summary.Device.StableId);
    }

    [Fact]
    public void Activity_extension_speed_is_read_from_tpx()
    {
        using var stream = File.OpenRead(TestFiles.DeviceFile("tcx", "sup_activity_1.tcx"));

        var samples = TcxReader.ReadSamples(stream).ToList();

        Assert.Equal(111, samples.Count);
        Assert.All(samples, s => Assert.NotNull(s.Speed));
        Assert.Equal(0.268f, samples[0].Speed!.Value, 1e-6f);
        Assert.Equal(96, samples[0].Hr);
    }

    [Fact]
    public void Watts_and_run_cadence_come_from_the_extension()
    {
        const string tcx = """
            <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
                xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
              <Activities><Activity Sport="Biking"><Id>2024-05-01T06:00:00Z</Id><Lap StartTime="2024-05-01T06:00:00Z">
                <DistanceMeters>999</DistanceMeters>
                <Track><Trackpoint><Time>2024-05-01T06:00:00Z</Time><DistanceMeters>12.5</DistanceMeters>
                  <Extensions><ns3:TPX><ns3:Speed>8.5</ns3:Speed><ns3:Watts>231</ns3:Watts><ns3:RunCadence>80</ns3:RunCadence></ns3:TPX></Extensions>
                </Trackpoint></Track></Lap></Activity></Activities>
            </TrainingCenterDatabase>
            """;

        var sample = Assert.Single(TcxReader.ReadSamples(GpxReaderTests.Utf8(tcx)));
        var summary = TcxReader.ReadSummary(GpxReaderTests.Utf8(tcx));

        Assert.Equal((231, 80, 8.5f, 12.5), (sample.Power!.Value, sample.Cadence!.Value, sample.Speed!.Value, sample.Distance!.Value));
        Assert.Equal(Sport.Ride, summary.Sport);
        Assert.Equal("tcx:unknown", summary.Device.StableId);
    }

    [Fact]
    public void Trackpoint_without_time_is_skipped_and_counted()
    {
        const string tcx = """
            <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
              <Activities><Activity Sport="Running"><Lap><Track>
                <Trackpoint><HeartRateBpm><Value>120</Value></HeartRateBpm></Trackpoint>
                <Trackpoint><Time>2026-01-01T08:00:00Z</Time><HeartRateBpm><Value>121</Value></HeartRateBpm></Trackpoint>
              </Track></Lap></Activity></Activities>
            </TrainingCenterDatabase>
            """;
        var warnings = new DecodeWarnings();

        var sample = Assert.Single(TcxReader.ReadSamples(GpxReaderTests.Utf8(tcx), warnings));

        Assert.Equal(121, sample.Hr);
        Assert.Equal(1, warnings.UntimedPoints);
    }
}
