using FitnessDriver.TimeSeries;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>
/// Blocks of positions come back as they went in, deflated where that pays and plain where it cannot; the first byte
/// of a block says which (0 plain, 1 deflated).
/// </summary>
public sealed class PositionCodecTests
{
    private const long Start = 1_726_300_800_000;
    private const byte Plain = 0;
    private const byte Deflated = 1;

    [Fact]
    public void A_minute_of_riding_stays_plain_and_comes_back_exactly() =>
        Assert.Equal(Plain, EncodedAndBack(Ride(60))[0]);

    [Fact]
    public void A_minute_standing_still_is_deflated_to_a_few_bytes()
    {
        var encoded = EncodedAndBack([.. Enumerable.Range(0, 60).Select(i => new Position(Start + (i * 1000L), 43.3499123, 42.4453456))]);

        Assert.Equal(Deflated, encoded[0]);
        Assert.True(encoded.Length < 40, $"{encoded.Length} bytes for 60 positions in one place");
    }

    [Fact]
    public void A_long_block_of_riding_is_deflated_when_that_is_smaller() =>
        Assert.Equal(Deflated, EncodedAndBack(Ride(5_000))[0]);

    /// <summary>The encoding of <paramref name="positions"/>, once it is checked to decode to them exactly.</summary>
    private static byte[] EncodedAndBack(List<Position> positions)
    {
        var encoded = PositionCodec.Encode(positions);
        Assert.Equal(positions, PositionCodec.Decode(encoded));
        return encoded;
    }

    /// <summary>A ride at about 8 m/s whose heading wanders a few degrees a second, as GPS records it.</summary>
    private static List<Position> Ride(int seconds)
    {
        var random = new Random(11);
        var (lat, lon, bearing) = (43.35, 42.44, 30.0);
        var positions = new List<Position>(seconds);
        for (var i = 0; i < seconds; i++)
        {
            var speed = 8 + ((random.NextDouble() - 0.5) * 0.3);
            bearing += (random.NextDouble() - 0.5) * 6;
            lat += speed * Math.Cos(bearing * Math.PI / 180) / 111_320;
            lon += speed * Math.Sin(bearing * Math.PI / 180) / (111_320 * Math.Cos(lat * Math.PI / 180));
            positions.Add(new Position(Start + (i * 1000L), Math.Round(lat, 7), Math.Round(lon, 7)));
        }

        return positions;
    }
}
