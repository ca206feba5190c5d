using System.Text;
using System.Text.Json;
using FitnessDriver.Cli.Decode;
using FitnessDriver.Devices.Tests.Fit;
using FitnessDriver.Testing;

namespace FitnessDriver.Cli.Tests;

/// <summary><c>fd decode --json</c> on values JSON cannot hold: decoders leave them out, the command never crashes.</summary>
public sealed class DecodeCommandTests : IDisposable
{
    private readonly TemporaryDirectory directory = new("fd-decode");

    [Fact]
    public void A_fit_record_with_nan_and_infinite_floats_decodes_to_valid_json_without_them()
    {
        const uint start = 1_000_000_000;
        // A device may declare speed (6) and altitude (2) as float32: NaN and +Infinity here, with a heart rate beside them.
        var fit = FitBytes.File(
            FitBytes.Definition(0, 20, (253, 4, 0x86), (6, 4, 0x88), (2, 4, 0x88), (3, 1, 0x02)),
            [0, .. BitConverter.GetBytes(start), .. BitConverter.GetBytes(float.NaN), .. BitConverter.GetBytes(float.PositiveInfinity), 130],
            [0, .. BitConverter.GetBytes(start + 1), .. BitConverter.GetBytes(3500f), .. BitConverter.GetBytes(float.NegativeInfinity), 131]);

        var samples = Decode("floats.fit", fit);

        Assert.Equal(2, samples.GetArrayLength());
        Assert.Equal(130, samples[0].GetProperty("hr").GetInt32());
        Assert.False(samples[0].TryGetProperty("speed", out _));
        Assert.False(samples[0].TryGetProperty("alt", out _));
        Assert.Equal(3.5, samples[1].GetProperty("speed").GetDouble(), 3);
    }

    [Fact]
    public void Gpx_and_tcx_numbers_beyond_a_float_decode_to_valid_json_without_them()
    {
        const string gpx = """
            <gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
              <trkpt lat="43.1" lon="42.1"><ele>1e39</ele><time>2026-01-01T08:00:00Z</time><extensions><hr>NaN</hr><speed>-Infinity</speed><cad>80</cad></extensions></trkpt>
            </trkseg></trk></gpx>
            """;
        const string tcx = """
            <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
              <Activities><Activity Sport="Running"><Lap><Track>
                <Trackpoint><Time>2026-01-01T08:00:00Z</Time><DistanceMeters>1e400</DistanceMeters><AltitudeMeters>3.5e38</AltitudeMeters>
                  <HeartRateBpm><Value>1e39</Value></HeartRateBpm><Cadence>90</Cadence></Trackpoint>
              </Track></Lap></Activity></Activities>
            </TrainingCenterDatabase>
            """;

        var point = Assert.Single(Decode("nan.gpx", Encoding.UTF8.GetBytes(gpx)).EnumerateArray());
        Assert.Equal(["t", "cadence", "lat", "lon"], point.EnumerateObject().Select(p => p.Name));
        var trackpoint = Assert.Single(Decode("huge.tcx", Encoding.UTF8.GetBytes(tcx)).EnumerateArray());
        Assert.Equal(["t", "cadence"], trackpoint.EnumerateObject().Select(p => p.Name));
    }

    public void Dispose() => directory.Dispose();

    private JsonElement Decode(string name, byte[] content)
    {
        var path = Path.Combine(directory.Path, name);
        File.WriteAllBytes(path, content);
        using var output = new MemoryStream();
        Assert.Equal(0, DecodeCommand.Run(new FileInfo(path), json: true, output));
        using var document = JsonDocument.Parse(output.ToArray());
        return document.RootElement.GetProperty("samples").Clone();
    }
}
