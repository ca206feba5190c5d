using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Devices.Gpx;

namespace FitnessDriver.Devices.Tests.Xml;

public sealed class GpxWriterTests
{
    [Fact]
    public void What_the_writer_writes_the_reader_reads_back_and_samples_without_a_position_are_left_out()
    {
        var written = new[]
        {
            new Sample(1_700_000_000_000, Hr: 140, Power: 210, Cadence: 88, Lat: 55.7558123, Lon: 37.6173456, Alt: 151.5f),
            new Sample(1_700_000_001_000, Hr: 141),
            new Sample(1_700_000_002_000, Lat: 55.7559, Lon: 37.6174),
        };
        using var output = new MemoryStream();
        using (var writer = new GpxWriter(output, "Вечерний <забег> & co", "tests"))
        {
            foreach (var sample in written)
                writer.Write(sample);
        }

        output.Position = 0;
        var read = GpxReader.ReadSamples(output).ToList();
        Assert.Equal(2, read.Count);
        Assert.Equal((written[0].T, 140, 210, 88, 55.7558123, 37.6173456), (read[0].T, read[0].Hr!.Value, read[0].Power!.Value, read[0].Cadence!.Value, read[0].Lat!.Value, read[0].Lon!.Value));
        Assert.Equal(151.5f, read[0].Alt!.Value, 3);
        Assert.Equal((written[2].T, 55.7559, 37.6174), (read[1].T, read[1].Lat!.Value, read[1].Lon!.Value));
        Assert.Null(read[1].Hr);
        output.Position = 0;
        var gpx = System.Xml.Linq.XNamespace.Get("http://www.topografix.com/GPX/1/1");
        Assert.Equal("Вечерний <забег> & co", System.Xml.Linq.XDocument.Load(output).Root!.Element(gpx + "trk")!.Element(gpx + "name")!.Value);
    }
}
