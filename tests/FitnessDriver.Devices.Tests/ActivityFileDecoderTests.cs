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

    public static TheoryData<string> EveryActivityFile() => new(
        Directory.EnumerateFiles(TestFiles.DeviceFile("fit")).Where(f => f.EndsWith(".fit", StringComparison.OrdinalIgnoreCase))
            .Concat(Directory.EnumerateFiles(TestFiles.DeviceFile("gpx"), "*.gpx"))
            .Concat(Directory.EnumerateFiles(TestFiles.DeviceFile("tcx"), "*.tcx"))
            .Select(Path.GetFullPath));

    [Theory]
    [MemberData(nameof(EveryActivityFile))]
    public void One_pass_reading_gives_the_samples_and_summary_of_separate_passes_reading_the_file_once(string path)
    {
        using var separate = File.OpenRead(path);
        DecodedActivity expected;
        List<Contracts.Telemetry.Sample> expectedSamples;
        try
        {
            expected = ActivityFileDecoder.Decode(separate);
            expectedSamples = [.. expected.Samples];
        }
        catch (DeviceDecodeException)
        {
            using var broken = new CountingStream(File.OpenRead(path));
            Assert.ThrowsAny<DeviceDecodeException>(() => ActivityFileDecoder.Read(broken).Samples.ToList());
            return;
        }

        using var once = new CountingStream(File.OpenRead(path));
        var reading = ActivityFileDecoder.Read(once);
        var samples = reading.Samples.ToList();

        Assert.Equal(expectedSamples, samples, (a, b) => a.T == b.T && a.Hr == b.Hr && a.Distance == b.Distance && a.Lat == b.Lat && a.Power == b.Power);
        Assert.Equal(expected.Summary, reading.Summary);
        Assert.Equal(expected.Format, reading.Format);
        // Recognising the format reads a little of the start again; the rest is read once.
        Assert.InRange(once.BytesRead, 0, once.Length + 64 * 1024);
    }

    [Fact]
    public void The_summary_of_a_one_pass_reading_waits_for_the_samples()
    {
        using var stream = File.OpenRead(TestFiles.DeviceFile("gpx", "Mojstrovka.gpx"));
        var reading = ActivityFileDecoder.Read(stream);
        Assert.Throws<InvalidOperationException>(() => reading.Summary);
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

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void Flush() => inner.Flush();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
