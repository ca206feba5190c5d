using System.Text.Json;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Contracts.Tests;

public sealed class CompactSamplesTests
{
    private static readonly SampleBatchRequest Batch = new("power-meter:4711",
        [
            new Sample(1_798_750_800_000, Hr: 142, Power: 250, Cadence: 88, Speed: 3.1f, Distance: 1234.5, Lat: 43.35, Lon: 42.44, Alt: 2130f, Rr: [421, 418]),
            new Sample(1_798_750_801_000),
            new Sample(1_798_750_799_500, Hr: 20, Power: 0, Lat: -90, Lon: 180, Rr: []),
            new Sample(1_798_750_802_000, Speed: 0f, Alt: -12.5f),
        ],
        DeviceKinds.PowerMeter);

    [Fact]
    public void Every_channel_survives_a_round_trip()
    {
        var decoded = CompactSamples.Decode(CompactSamples.Encode(Batch), 10_000);
        Assert.Equal(Batch.DeviceId, decoded.DeviceId);
        Assert.Equal(Batch.DeviceKind, decoded.DeviceKind);
        AssertSameSamples(Batch.Samples!, decoded.Samples!);
    }

    [Fact]
    public void A_batch_of_nine_samples_has_a_second_bitmap_byte()
    {
        var samples = Enumerable.Range(0, 9).Select(i => new Sample(1_000 + i, Hr: i % 2 == 0 ? 100 + i : null)).ToList();
        var decoded = CompactSamples.Decode(CompactSamples.Encode(new SampleBatchRequest("hrm", samples)), 10_000);
        Assert.Null(decoded.DeviceKind);
        AssertSameSamples(samples, decoded.Samples!);
    }

    [Fact]
    public void The_layout_is_the_documented_one()
    {
        var body = CompactSamples.Encode(new SampleBatchRequest("h", [new Sample(1000, Hr: 150), new Sample(2000)]));
        // version 1; device id "h"; no kind; 2 samples; mask 1 (hr); t 1000 then +1000 (zig-zag varints);
        // hr: bitmap 0b01, then 150 (zig-zag varint).
        byte[] expected = [1, 1, (byte)'h', 0, 2, 1, 0xD0, 0x0F, 0xD0, 0x0F, 0x01, 0xAC, 0x02];
        Assert.Equal(expected, body);
    }

    [Fact]
    public void An_empty_batch_decodes_to_no_samples()
    {
        var decoded = CompactSamples.Decode(CompactSamples.Encode(new SampleBatchRequest("hrm", [])), 10_000);
        Assert.Empty(decoded.Samples!);
    }

    [Fact]
    public void It_is_much_smaller_than_json()
    {
        var samples = Enumerable.Range(0, 60)
            .Select(i => new Sample(1_798_750_800_000 + i * 1000L, Hr: 140, Power: 200, Speed: 8.5f, Distance: i * 8.5, Lat: 43.35 + i * 1e-5, Lon: 42.44, Alt: 2130f))
            .ToList();
        var compact = CompactSamples.Encode(new SampleBatchRequest("bike", samples));
        var json = JsonSerializer.SerializeToUtf8Bytes(new SampleBatchRequest("bike", samples), ContractJson.Options);
        Assert.True(compact.Length * 2 < json.Length, $"compact {compact.Length} bytes, JSON {json.Length} bytes");
    }

    [Fact]
    public void Every_truncation_names_the_field_it_stopped_in()
    {
        var body = CompactSamples.Encode(Batch);
        for (var length = 0; length < body.Length; length++)
        {
            var error = Assert.Throws<CompactSamplesException>(() => CompactSamples.Decode(body.AsSpan(0, length), 10_000));
            Assert.False(error.TooManySamples);
            Assert.False(string.IsNullOrEmpty(error.Field));
        }
    }

    [Fact]
    public void A_truncated_value_names_the_sample_and_channel()
    {
        var body = CompactSamples.Encode(new SampleBatchRequest("h", [new Sample(1000, Lat: 1, Lon: 2)]));
        var error = Assert.Throws<CompactSamplesException>(() => CompactSamples.Decode(body.AsSpan(0, body.Length - 1), 10_000));
        Assert.Equal("samples[0].lon", error.Field);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_count_above_the_samples_sent_is_refused()
    {
        var body = CompactSamples.Encode(new SampleBatchRequest("h", [new Sample(1000, Hr: 150), new Sample(2000, Hr: 151)]));
        body[4] = 3;
        // The third time is read from the bitmap, and the bitmap from a value: the layout no longer adds up.
        var error = Assert.Throws<CompactSamplesException>(() => CompactSamples.Decode(body, 10_000));
        Assert.False(error.TooManySamples);
        Assert.Equal("hr", error.Field);
    }

    [Fact]
    public void More_samples_than_allowed_is_too_many_not_malformed()
    {
        var body = CompactSamples.Encode(new SampleBatchRequest("h", Enumerable.Range(1, 11).Select(i => new Sample(i)).ToList()));
        var error = Assert.Throws<CompactSamplesException>(() => CompactSamples.Decode(body, 10));
        Assert.True(error.TooManySamples);
        Assert.Equal("samples", error.Field);
    }

    [Fact]
    public void Another_version_is_refused_with_its_number()
    {
        var body = CompactSamples.Encode(Batch);
        body[0] = 9;
        var error = Assert.Throws<CompactSamplesException>(() => CompactSamples.Decode(body, 10_000));
        Assert.Equal("body", error.Field);
        Assert.Contains("version 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_after_the_last_channel_are_refused()
    {
        byte[] body = [.. CompactSamples.Encode(Batch), 0];
        Assert.Equal("body", Assert.Throws<CompactSamplesException>(() => CompactSamples.Decode(body, 10_000)).Field);
    }

    [Fact]
    public void An_unknown_channel_bit_is_refused()
    {
        byte[] body = [1, 1, (byte)'h', 0, 1, 0x80, 0x04, 2];
        Assert.Equal("channels", Assert.Throws<CompactSamplesException>(() => CompactSamples.Decode(body, 10_000)).Field);
    }

    [Fact]
    public void Presence_bits_past_the_last_sample_are_refused()
    {
        byte[] body = [1, 1, (byte)'h', 0, 1, 1, 2, 0b11, 0xAC, 0x02];
        Assert.Equal("hr", Assert.Throws<CompactSamplesException>(() => CompactSamples.Decode(body, 10_000)).Field);
    }

    [Fact]
    public void An_integer_channel_beyond_32_bits_is_refused()
    {
        byte[] body = [1, 1, (byte)'h', 0, 1, 1, 2, 1, 0xFE, 0xFF, 0xFF, 0xFF, 0x7F];
        Assert.Equal("samples[0].hr", Assert.Throws<CompactSamplesException>(() => CompactSamples.Decode(body, 10_000)).Field);
    }

    [Fact]
    public void An_overlong_varint_is_refused()
    {
        byte[] body = [1, 1, (byte)'h', 0, 1, 0, .. Enumerable.Repeat((byte)0xFF, 11), 0x01];
        Assert.Equal("samples[0].t", Assert.Throws<CompactSamplesException>(() => CompactSamples.Decode(body, 10_000)).Field);
    }

    [Fact]
    public void A_time_that_overflows_is_refused()
    {
        // t = long.MaxValue, then +1.
        byte[] body = [1, 1, (byte)'h', 0, 2, 0, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x02];
        Assert.Equal("samples[1].t", Assert.Throws<CompactSamplesException>(() => CompactSamples.Decode(body, 10_000)).Field);
    }

    [Fact]
    public void An_rr_count_beyond_the_body_is_refused_without_allocating_it()
    {
        byte[] body = [1, 1, (byte)'h', 0, 1, 0x80, 0x02, 2, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x07];
        var error = Assert.Throws<CompactSamplesException>(() => CompactSamples.Decode(body, 10_000));
        Assert.Equal("samples[0].rr", error.Field);
    }

    [Fact]
    public void A_device_id_that_is_not_utf8_is_refused()
    {
        byte[] body = [1, 2, 0xC3, 0x28, 0, 0, 0];
        Assert.Equal("deviceId", Assert.Throws<CompactSamplesException>(() => CompactSamples.Decode(body, 10_000)).Field);
    }

    [Fact]
    public void Not_a_number_is_read_as_it_is_for_validation_to_refuse()
    {
        var decoded = CompactSamples.Decode(CompactSamples.Encode(new SampleBatchRequest("h", [new Sample(1000, Speed: float.NaN, Lat: double.PositiveInfinity, Lon: 0)])), 10_000);
        Assert.True(float.IsNaN(decoded.Samples![0].Speed!.Value));
        Assert.True(double.IsPositiveInfinity(decoded.Samples[0].Lat!.Value));
    }

    [Fact]
    public void An_empty_body_is_refused()
    {
        Assert.Equal("body", Assert.Throws<CompactSamplesException>(() => CompactSamples.Decode([], 10_000)).Field);
    }

    private static void AssertSameSamples(IReadOnlyList<Sample> expected, IReadOnlyList<Sample> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i] with { Rr = null }, actual[i] with { Rr = null });
            Assert.Equal(expected[i].Rr, actual[i].Rr);
        }
    }
}
