using System.Diagnostics;
using System.Text;
using FitnessDriver.Devices.Fit;
using FitnessDriver.Devices.Gatt;
using FitnessDriver.Devices.Tests.Fit;

namespace FitnessDriver.Devices.Tests;

/// <summary>
/// Mutated inputs (bit flips, inserted, deleted and overwritten bytes, truncation, splices of two inputs) must
/// end in a result or a <see cref="DeviceDecodeException"/>: never another exception, and never slowly.
/// Seeds are fixed, so a failure reproduces.
/// </summary>
[Collection(nameof(LargeFileTests))]
public sealed class MutationFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerInputBudget = TimeSpan.FromSeconds(2);

    [Fact]
    public void Hundred_thousand_mutated_inputs_end_in_a_result_or_a_decode_error()
    {
        var fit = new[]
        {
            File.ReadAllBytes(TestFiles.DeviceFile("fit", "Activity.fit")),
            File.ReadAllBytes(TestFiles.DeviceFile("fit", "DeveloperData.fit")),
            File.ReadAllBytes(TestFiles.DeviceFile("fit", "WeightScaleMultiUser.fit")),
            File.ReadAllBytes(TestFiles.DeviceFile("fit", "activity-settings.fit")),
            FitSampleFiles.Write(FitSampleFiles.Ride(8), bigEndian: true),
            File.ReadAllBytes(TestFiles.DeviceFile("fit", "antfs-dump.63.fit")),
        };
        var gpx = new[]
        {
            File.ReadAllBytes(TestFiles.DeviceFile("gpx", "track-with-small-floats.gpx")),
            Encoding.UTF8.GetBytes("""
                <gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1" xmlns:t="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
                <trk><type>running</type><trkseg><trkpt lat="46.1" lon="14.5"><ele>3</ele><time>2024-05-01T06:00:00Z</time>
                <extensions><power>200</power><t:TrackPointExtension><t:hr>140</t:hr><t:cad>80</t:cad></t:TrackPointExtension></extensions>
                </trkpt></trkseg></trk></gpx>
                """),
        };
        var tcx = new[]
        {
            Encoding.UTF8.GetBytes("""
                <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:x="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
                <Activities><Activity Sport="Biking"><Id>2024-05-01T06:00:00Z</Id><Lap><Track><Trackpoint><Time>2024-05-01T06:00:00Z</Time>
                <Position><LatitudeDegrees>46.1</LatitudeDegrees><LongitudeDegrees>14.5</LongitudeDegrees></Position><AltitudeMeters>3</AltitudeMeters>
                <DistanceMeters>1.5</DistanceMeters><HeartRateBpm><Value>140</Value></HeartRateBpm><Cadence>80</Cadence>
                <Extensions><x:TPX><x:Speed>8</x:Speed><x:Watts>200</x:Watts></x:TPX></Extensions></Trackpoint></Track></Lap>
                <Creator><Name>Edge</Name><UnitId>1</UnitId><ProductID>2</ProductID></Creator></Activity></Activities>
                <Author><Name>Connect</Name></Author></TrainingCenterDatabase>
                """),
        };
        var gatt = GattSeeds();

        var watch = Stopwatch.StartNew();
        var total = 0;
        total += Run("FIT", fit, 30_000, seed: 1, DecodeFile);
        total += Run("FIT with CRCs repaired", fit, 30_000, seed: 5, (input, index) => DecodeFile(RepairCrcs(input), index));
        total += Run("GPX", gpx, 15_000, seed: 2, DecodeFile);
        total += Run("TCX", tcx, 15_000, seed: 3, DecodeFile);
        total += Run("GATT", gatt.Select(g => g.Payload).ToArray(), 40_000, seed: 4, (input, index) =>
        {
            var characteristic = gatt[index % gatt.Count].Characteristic;
            var measurement = GattDecoder.Decode(characteristic, input);
            if (measurement is CscMeasurement csc)
            {
                new CscCalculator().Add(csc);
            }
        });

        output.WriteLine($"{total} mutated inputs in {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.True(total >= 100_000);
    }

    private int Run(string kind, byte[][] seeds, int count, int seed, Action<byte[], int> decode)
    {
        var random = new Random(seed);
        var watch = Stopwatch.StartNew();
        var worst = TimeSpan.Zero;
        var rejected = 0;
        for (var i = 0; i < count; i++)
        {
            var pick = random.Next(seeds.Length);
            var input = Mutate(random, seeds[pick], seeds[random.Next(seeds.Length)]);
            var started = watch.Elapsed;
            try
            {
                decode(input, pick);
            }
            catch (DeviceDecodeException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"{kind} input {i} (seed {seed}) threw {e.GetType().Name}: {e.Message}\n{Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 96)))}\n{e.StackTrace}");
            }

            var spent = watch.Elapsed - started;
            worst = spent > worst ? spent : worst;
            Assert.True(spent < PerInputBudget, $"{kind} input {i} (seed {seed}) took {spent.TotalMilliseconds:0} ms");
        }

        output.WriteLine($"{kind}: {count} inputs, {rejected} rejected, {watch.Elapsed.TotalSeconds:0.00} s, slowest {worst.TotalMilliseconds:0.0} ms");
        return count;
    }

    private static void DecodeFile(byte[] input, int seedIndex)
    {
        using var stream = new MemoryStream(input);
        var activity = ActivityFileDecoder.Decode(stream);
        _ = activity.Samples.Count();
        stream.Position = 0;
        if (activity.Format == ActivityFileFormat.Fit)
        {
            _ = new FitReader(stream).ReadMessages().Sum(m => m.DeveloperFields.Count + m.Fields.Count);
        }
    }

    /// <summary>
    /// Makes a mutated FIT input self-consistent again (data size, header CRC, file CRC), so the mutation reaches
    /// the record decoding instead of stopping at a CRC check.
    /// </summary>
    private static byte[] RepairCrcs(byte[] input)
    {
        if (input.Length < 16 || input[0] is < 12 or > 14 || input[0] + 2 > input.Length)
        {
            return input;
        }

        var bytes = input.ToArray();
        var headerSize = bytes[0];
        BitConverter.TryWriteBytes(bytes.AsSpan(4, 4), (uint)(bytes.Length - headerSize - 2));
        if (headerSize == 14)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(12, 2), Crc(bytes.AsSpan(0, 12)));
        }

        BitConverter.TryWriteBytes(bytes.AsSpan(bytes.Length - 2, 2), Crc(bytes.AsSpan(0, bytes.Length - 2)));
        return bytes;
    }

    private static ushort Crc(ReadOnlySpan<byte> bytes)
    {
        // The FIT CRC-16, written out here so the test does not lean on the decoder's own implementation.
        ushort crc = 0;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ 0xA001) : (ushort)(crc >> 1);
            }
        }

        return crc;
    }

    private static byte[] Mutate(Random random, byte[] input, byte[] other)
    {
        var bytes = new List<byte>(input);
        var edits = 1 + random.Next(4);
        for (var e = 0; e < edits; e++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveAt(at);
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4 when bytes.Count > 0:
                    bytes[at] = random.Next(3) switch { 0 => 0x00, 1 => 0xFF, _ => 0x80 };
                    break;
                case 5:
                    var from = random.Next(other.Length + 1);
                    bytes.RemoveRange(at, bytes.Count - at);
                    bytes.AddRange(other.AsSpan(from).ToArray());
                    break;
            }
        }

        return [.. bytes];
    }

    private static List<(ushort Characteristic, byte[] Payload)> GattSeeds() =>
    [
        (0x2A37, [0x1E, 0x48, 0x00, 0x34, 0x12, 0x00, 0x04, 0x01, 0x04]),
        (0x2A37, [0x01, 0x34, 0x01]),
        (0x2A63, [0xFF, 0x1F, 0x27, 0x01, 0x65, 0x34, 0x12, 0xEF, 0xCD, 0xAB, 0x89, 0xDC, 0xFE, 0xEF, 0xBE, 0x00, 0x04, 0x08, 0x02, 0x7E, 0xFF, 0x5F, 0x30, 0x11, 0x63, 0x01, 0xB9, 0x00, 0x0B, 0x0A]),
        (0x2A5B, [0x03, 0x04, 0x03, 0x02, 0x01, 0x06, 0x05, 0x08, 0x07, 0x0A, 0x09]),
        (0x2A53, [0x07, 0x80, 0x03, 0xAC, 0x8E, 0x00, 0x40, 0xE2, 0x01, 0x00]),
        (0x2AD2, [0xFE, 0x1F, 0x36, 0x0B, 0xB5, 0x00, 0xAA, 0x00, 0x45, 0x23, 0x01, 0xFD, 0xFF, 0xF5, 0x00, 0xD2, 0x00, 0x00, 0x02, 0x0C, 0x03, 0x0D, 0x97, 0x57, 0x8D, 0x0E, 0x58, 0x02]),
    ];
}
