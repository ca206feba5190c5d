using System.Text;
using FitnessDriver.Contracts;
using FitnessDriver.Devices.Gpx;

namespace FitnessDriver.Devices.Tests.Xml;

public sealed class GpxReaderTests
{
    private const string Header = """
        <?xml version="1.0" encoding="UTF-8"?>
        <gpx version="1.1" creator="Garmin Connect" xmlns="http://www.topografix.com/GPX/1/1"
             xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v{0}"
             xmlns:pwr="http://www.garmin.com/xmlschemas/PowerExtension/v1">
          <trk><name>Morning Ride</name><type>cycling</type><trkseg>
        """;

    private const string Footer = "</trkseg></trk></gpx>";

    [Fact]
    public void Elements_nested_without_end_are_refused_at_the_depth_limit()
    {
        var nesting = string.Concat(Enumerable.Repeat("<x>", 10_000)) + "1" + string.Concat(Enumerable.Repeat("</x>", 10_000));
        var gpx = Head(1) + $"""<trkpt lat="1" lon="2"><time>2026-01-01T00:00:00Z</time><extensions>{nesting}</extensions></trkpt>""" + Footer;

        var error = Assert.Throws<ActivityFileDecodeException>(() => GpxReader.ReadSamples(Utf8(gpx)).ToList());

        Assert.Contains("nested more than", error.Reason, StringComparison.Ordinal);
        Assert.Throws<ActivityFileDecodeException>(() => ActivityFileDecoder.Read(Utf8(gpx)).Samples.ToList());
    }

    [Fact]
    public void Real_track_gives_one_sample_per_point_with_time_position_and_elevation()
    {
        using var stream = File.OpenRead(TestFiles.DeviceFile("gpx", "Mojstrovka.gpx"));

        var samples = GpxReader.ReadSamples(stream).ToList();

        Assert.Equal(184, samples.Count);
        Assert.All(samples, s => Assert.True(s.HasPosition));
        Assert.All(samples, s => Assert.NotNull(s.Alt));
        Assert.All(samples, s => Assert.Null(s.Distance));
        Assert.Equal(46.434981, samples[0].Lat!.Value, 1e-9);
        Assert.Equal(13.748273, samples[0].Lon!.Value, 1e-9);
        Assert.True(samples.Zip(samples.Skip(1)).All(p => p.First.T <= p.Second.T));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Garmin_track_point_extension_gives_heart_rate_cadence_and_power(int version)
    {
        var gpx = Head(version) + """
            <trkpt lat="46.1" lon="14.5"><ele>301.4</ele><time>2024-05-01T06:00:00Z</time>
              <extensions>
                <power>250</power>
                <gpxtpx:TrackPointExtension><gpxtpx:atemp>21</gpxtpx:atemp><gpxtpx:hr>142</gpxtpx:hr><gpxtpx:cad>88</gpxtpx:cad></gpxtpx:TrackPointExtension>
              </extensions>
            </trkpt>
            <trkpt lat="46.1001" lon="14.5001"><time>2024-05-01T06:00:01Z</time>
              <extensions><pwr:PowerInWatts>260</pwr:PowerInWatts></extensions>
            </trkpt>
            """ + Footer;

        var samples = GpxReader.ReadSamples(Utf8(gpx)).ToList();
        var summary = GpxReader.ReadSummary(Utf8(gpx));

        Assert.Equal(2, samples.Count);
        Assert.Equal(DateTimeOffset.Parse("2024-05-01T06:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), samples[0].T);
        Assert.Equal((142, 88, 250), (samples[0].Hr!.Value, samples[0].Cadence!.Value, samples[0].Power!.Value));
        Assert.Equal(301.4f, samples[0].Alt);
        Assert.Equal(260, samples[1].Power);
        Assert.Null(samples[1].Hr);
        Assert.Equal(Sport.Ride, summary.Sport);
        Assert.Equal(samples[0].T, summary.StartTime);
        Assert.Equal("gpx:garmin-connect", summary.Device.StableId);
    }

    [Fact]
    public void Gpx_1_0_track_point_reads_time_elevation_and_speed()
    {
        using var stream = File.OpenRead(TestFiles.DeviceFile("gpx", "gpx1.0_with_all_fields.gpx"));

        var sample = Assert.Single(GpxReader.ReadSamples(stream));

        // The file's time has no zone designator; GPX times are UTC.
        Assert.Equal(DateTimeOffset.Parse("2013-01-01T12:00:04Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), sample.T);
        Assert.Equal(11.1f, sample.Alt);
        Assert.Equal((10.1, -20.2), (sample.Lat!.Value, sample.Lon!.Value));
    }

    [Fact]
    public void Malformed_xml_reports_line_and_position()
    {
        var gpx = Head(1)
            + "<trkpt lat=\"1\" lon=\"2\"><time>2024-05-01T06:00:00Z</time></trkpt>\n<trkpt lat=\"1\" lon=\"2\"><time>oops</trkpt>";

        var error = Assert.Throws<ActivityFileDecodeException>(() => GpxReader.ReadSamples(Utf8(gpx)).ToList());

        Assert.Equal(6, error.Line);
        Assert.NotNull(error.Position);
        Assert.StartsWith("malformed XML", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unparseable_coordinate_is_a_decode_error()
    {
        var gpx = Head(1)
            + "<trkpt lat=\"north\" lon=\"2\"><time>2024-05-01T06:00:00Z</time></trkpt>" + Footer;

        var error = Assert.Throws<ActivityFileDecodeException>(() => GpxReader.ReadSamples(Utf8(gpx)).ToList());

        Assert.Equal("latitude 'north' is not a number", error.Reason);
        Assert.Equal(5, error.Line);
    }

    private static string Head(int extensionVersion) =>
        Header.Replace("{0}", extensionVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    internal static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}
