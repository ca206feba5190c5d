using System.Text;
using FitnessDriver.Devices.Fit;
using FitnessDriver.Devices.Gpx;
using FitnessDriver.Devices.Tcx;
using FitnessDriver.Devices.Tests.Fit;
using FitnessDriver.Devices.Tests.Xml;

namespace FitnessDriver.Devices.Tests;

/// <summary>Files as real users bring them: cut short, with stray whitespace, points without a time, values that are not numbers.</summary>
public sealed class PartialFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("fd-partial").FullName;

    [Theory]
    [InlineData("garmin-edge-820-bike.fit", 0.6)]
    [InlineData("activity-small-fenix2-run.fit", 0.37)]
    [InlineData("activity-unexpected-eof.fit", 1.0)]
    public void A_fit_file_cut_short_keeps_the_records_garmins_sdk_keeps(string file, double fraction)
    {
        var bytes = File.ReadAllBytes(TestFiles.DeviceFile("fit", file));
        var cut = Path.Combine(directory, "cut-" + file);
        File.WriteAllBytes(cut, bytes.AsSpan(0, (int)(bytes.Length * fraction)).ToArray());
        var sdk = GarminFitSdk.Decode(cut).Single();
        Assert.NotEmpty(sdk.Errors);
        var expected = sdk.Records.SkipWhile(r => r.Timestamp is null).ToList();

        using var stream = File.OpenRead(cut);
        var reading = ActivityFileDecoder.Read(stream);
        var samples = reading.Samples.ToList();

        Assert.Equal(expected.Count, samples.Count);
        for (var i = 0; i < samples.Count; i++)
        {
            GarminSdkAgreementTests.AssertSameRecord(expected[i], samples[i], $"{file} record {i}");
        }

        var broken = Assert.IsType<FitDecodeException>(reading.Warnings.Break);
        Assert.InRange(broken.Offset, new FileInfo(cut).Length - 2_000, new FileInfo(cut).Length);
        Assert.Contains($"byte {broken.Offset}", Assert.Single(reading.Warnings.Messages), StringComparison.Ordinal);
        stream.Position = 0;
        Assert.Throws<FitDecodeException>(() => FitActivityDecoder.ReadSamples(stream).ToList());
    }

    [Fact]
    public void A_fit_file_that_breaks_before_its_first_record_is_still_unreadable()
    {
        var bytes = File.ReadAllBytes(TestFiles.DeviceFile("fit", "garmin-edge-820-bike.fit"));

        var error = Assert.Throws<FitDecodeException>(() => ActivityFileDecoder.Read(new MemoryStream(bytes[..40])).Samples.ToList());

        Assert.Equal(40, error.Offset);
    }

    [Fact]
    public void Rr_intervals_before_the_first_record_attach_to_it_and_later_ones_to_the_record_before_them()
    {
        const uint start = 1_000_000_000;
        var fit = FitBytes.File(
            FitBytes.Definition(0, 78, (0, 6, 0x84)), [0, .. FitBytes.UInt16s(820, 810, 800)],
            FitBytes.Definition(1, 20, (253, 4, 0x86), (3, 1, 0x02)), [1, .. BitConverter.GetBytes(start), 72],
            [1, .. BitConverter.GetBytes(start + 1), 74],
            [0, .. FitBytes.UInt16s(790, 780, 770)]);

        var samples = FitActivityDecoder.ReadSamples(new MemoryStream(fit)).ToList();

        Assert.Equal([820, 810, 800], samples[0].Rr);
        Assert.Equal([790, 780, 770], samples[1].Rr);
    }

    [Fact]
    public void A_multisport_file_lists_its_sessions_with_transitions_marked()
    {
        const uint start = 1_100_000_000;
        var reading = ActivityFileDecoder.Read(new MemoryStream(FitBytes.Triathlon(start)));
        Assert.Equal(2520, reading.Samples.Count());

        var at = (uint seconds) => FitProfile.ToUnixMilliseconds(start + seconds);
        Assert.Equal(
            [new ActivitySession(Contracts.Sport.Swim, at(0)), new ActivitySession(null, at(600)), new ActivitySession(Contracts.Sport.Ride, at(660)),
             new ActivitySession(null, at(1860)), new ActivitySession(Contracts.Sport.Run, at(1920))],
            reading.Summary.Sessions);
        using var single = File.OpenRead(TestFiles.DeviceFile("fit", "garmin-fenix-5-run.fit"));
        Assert.Empty(FitActivityDecoder.ReadSummary(single).Sessions);
    }

    [Fact]
    public void Xml_after_whitespace_or_a_byte_order_mark_and_whitespace_is_read()
    {
        const string tcx = """
            <?xml version="1.0" encoding="UTF-8"?>
            <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
              <Activities><Activity Sport="Running"><Id>2026-01-01T08:00:00Z</Id><Lap><Track>
                <Trackpoint><Time>2026-01-01T08:00:00Z</Time><HeartRateBpm><Value>120</Value></HeartRateBpm></Trackpoint>
              </Track></Lap></Activity></Activities>
            </TrainingCenterDatabase>
            """;
        foreach (var prefix in new byte[][] { "\r\n  \n"u8.ToArray(), [0xEF, 0xBB, 0xBF, .. "\n\n "u8], [0xEF, 0xBB, 0xBF] })
        {
            var stream = new MemoryStream([.. prefix, .. Encoding.UTF8.GetBytes(tcx)]);
            Assert.Equal(ActivityFileFormat.Tcx, ActivityFileDecoder.DetectFormat(stream));
            var decoded = ActivityFileDecoder.Decode(stream);
            Assert.Equal(120, Assert.Single(decoded.Samples).Hr);
            Assert.Equal(Contracts.Sport.Run, decoded.Sport);
        }
    }

    [Fact]
    public void Gpx_points_without_a_time_are_skipped_and_counted()
    {
        using var stream = File.OpenRead(TestFiles.DeviceFile("gpx", "korita-zbevnica.gpx"));
        var warnings = new DecodeWarnings();

        var samples = GpxReader.ReadSamples(stream, warnings).ToList();

        Assert.True(warnings.UntimedPoints > 0);
        Assert.Contains($"{warnings.UntimedPoints:N0} track points without a time were skipped", warnings.Messages);
        Assert.All(samples, s => Assert.NotNull(s.Lat));
        stream.Position = 0;
        Assert.Equal(samples.Count, GpxReader.ReadSamples(stream).Count());
    }

    [Fact]
    public void A_route_is_counted_and_gives_no_samples()
    {
        const string gpx = """
            <gpx version="1.1" creator="planner" xmlns="http://www.topografix.com/GPX/1/1">
              <rte><name>Sunday loop</name><rtept lat="43.1" lon="42.1"/><rtept lat="43.2" lon="42.2"/><rtept lat="43.3" lon="42.3"/></rte>
            </gpx>
            """;
        var reading = ActivityFileDecoder.Read(GpxReaderTests.Utf8(gpx));

        Assert.Empty(reading.Samples);
        Assert.Equal(3, reading.Warnings.RoutePoints);
    }

    [Theory]
    [InlineData("gpx")]
    [InlineData("tcx")]
    public void Xml_that_ends_early_keeps_the_points_before_the_break(string format)
    {
        var file = TestFiles.DeviceFiles(format, "." + format).Select(f => (Path: f, Count: CountSamples(f))).First(f => f.Count > 100);
        var text = File.ReadAllText(file.Path);
        var cut = Encoding.UTF8.GetBytes(text[..(text.Length / 2)]);

        var reading = ActivityFileDecoder.Read(new MemoryStream(cut));
        var samples = reading.Samples.ToList();

        Assert.InRange(samples.Count, 1, file.Count - 1);
        var broken = Assert.IsType<ActivityFileDecodeException>(reading.Warnings.Break);
        Assert.NotNull(broken.Line);
        Assert.Contains($"line {broken.Line}", Assert.Single(reading.Warnings.Messages), StringComparison.Ordinal);
        Assert.Throws<ActivityFileDecodeException>(() => ActivityFileDecoder.Decode(new MemoryStream(cut)).Samples.ToList()
            .Concat(format == "gpx" ? GpxReader.ReadSamples(new MemoryStream(cut)) : TcxReader.ReadSamples(new MemoryStream(cut))).ToList());
    }

    [Fact]
    public void Values_that_are_not_finite_are_left_out()
    {
        const string gpx = """
            <gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
              <trkpt lat="NaN" lon="42.1"><ele>1e39</ele><time>2026-01-01T08:00:00Z</time><extensions><hr>Infinity</hr><cad>80</cad><speed>1e400</speed></extensions></trkpt>
            </trkseg></trk></gpx>
            """;

        var sample = Assert.Single(GpxReader.ReadSamples(GpxReaderTests.Utf8(gpx)));

        Assert.Equal(new Contracts.Telemetry.Sample(sample.T, Cadence: 80), sample);
        Assert.Equal(new Contracts.Telemetry.Sample(1, Speed: null, Alt: null, Lat: null, Lon: null),
            DecodedSamples.Create(1, hr: double.NaN, speed: double.PositiveInfinity, alt: 1e39, lat: 43, lon: double.NaN, power: 1e12));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static int CountSamples(string path)
    {
        using var stream = File.OpenRead(path);
        return ActivityFileDecoder.Read(stream).Samples.Count();
    }
}
