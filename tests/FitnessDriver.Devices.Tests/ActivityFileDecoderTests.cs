using FitnessDriver.Contracts;
using FitnessDriver.Devices.Tests.Fit;

namespace FitnessDriver.Devices.Tests;

public sealed class ActivityFileDecoderTests
{
    [Theory]
    [InlineData("fit/garmin-fenix-5-run.fit", ActivityFileFormat.Fit, Sport.Run, 21)]
    [InlineData("gpx/cerknicko-jezero.gpx", ActivityFileFormat.Gpx, null, 296)]
    [InlineData("tcx/no_hr.tcx", ActivityFileFormat.Tcx, Sport.Run, 384)]
    public void Format_is_recognised_from_content_and_samples_stream_from_the_start(
        string file, ActivityFileFormat format, Sport? sport, int samples)
    {
        using var stream = File.OpenRead(TestFiles.DeviceFile(file.Split('/')));

        var activity = ActivityFileDecoder.Decode(stream);

        Assert.Equal(format, activity.Format);
        Assert.Equal(sport, activity.Sport);
        Assert.NotNull(activity.StartTime);
        Assert.Equal(samples, activity.Samples.Count());
        Assert.Equal(samples, activity.Samples.Count());
        Assert.Equal(activity.Samples.First().T, activity.Samples.Min(s => s.T));
    }

    [Fact]
    public void Fit_device_identity_comes_from_file_id()
    {
        using var stream = File.OpenRead(TestFiles.DeviceFile("fit", "garmin-fenix-5-run.fit"));

        var device = ActivityFileDecoder.Decode(stream).Device;

        Assert.Equal("fit:garmin:2697:3945849289", device.StableId);
        Assert.NotNull(device.SoftwareVersion);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello, this is a CSV,1,2,3")]
    [InlineData("<kml xmlns=\"http://www.opengis.net/kml/2.2\"/>")]
    public void Unknown_format_is_a_clear_error(string content)
    {
        var error = Assert.Throws<ActivityFileDecodeException>(
            () => ActivityFileDecoder.Decode(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content))));

        Assert.Equal("unknown", error.Format);
        Assert.StartsWith("unknown activity file format", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Written_fit_file_is_recognised_with_sport_and_start()
    {
        var bytes = FitSampleFiles.Write(FitSampleFiles.Ride(30));

        var activity = ActivityFileDecoder.Decode(new MemoryStream(bytes));

        Assert.Equal(Sport.Ride, activity.Sport);
        Assert.Equal(FitSampleFiles.Start, activity.StartTime);
        Assert.Equal(30, activity.Samples.Count());
    }
}
