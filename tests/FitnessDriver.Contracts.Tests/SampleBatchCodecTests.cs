using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Contracts.Tests;

public sealed class SampleBatchCodecTests
{
    private static readonly SampleBatch Batch = new(
        Guid.Parse("0193a3c4-0000-7000-8000-000000000001"),
        Guid.Parse("0193a3c4-0000-7000-8000-000000000002"),
        Sport.Ride,
        "power-meter:4711",
        [
            new Sample(1_798_750_800_000, Hr: 142, Power: 250, Cadence: 88, Speed: 3.1f, Distance: 1234.5, Lat: 43.35, Lon: 42.44, Alt: 2130f, Rr: [421, 418]),
            new Sample(1_798_750_801_000),
            new Sample(1_798_750_799_500, Hr: 20, Power: 0, Lat: -90, Lon: 180),
        ],
        SampleSource.Import);

    [Fact]
    public void Every_channel_survives_a_round_trip()
    {
        var decoded = SampleBatchCodec.Decode(SampleBatchCodec.Encode(Batch));
        Assert.Equal(Batch.ActivityId, decoded.ActivityId);
        Assert.Equal(Batch.AthleteId, decoded.AthleteId);
        Assert.Equal(Batch.Sport, decoded.Sport);
        Assert.Equal(Batch.DeviceId, decoded.DeviceId);
        Assert.Equal(Batch.Source, decoded.Source);
        Assert.Equal(Batch.Samples.Count, decoded.Samples.Count);
        for (var i = 0; i < Batch.Samples.Count; i++)
        {
            Assert.Equal(Batch.Samples[i] with { Rr = null }, decoded.Samples[i] with { Rr = null });
            Assert.Equal(Batch.Samples[i].Rr ?? [], decoded.Samples[i].Rr ?? []);
        }
    }

    [Fact]
    public void A_sample_is_much_smaller_than_its_json()
    {
        var samples = Enumerable.Range(0, 1000).Select(i => new Sample(1_798_750_800_000 + i * 1000L, Hr: 140, Speed: 3.2f, Distance: i * 3.2)).ToList();
        var encoded = SampleBatchCodec.Encode(Batch with { Samples = samples });
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(samples, ContractJson.Options);
        Assert.True(encoded.Length * 3 < json.Length, $"binary {encoded.Length} bytes, JSON {json.Length} bytes");
    }

    [Fact]
    public void Unknown_channels_and_trailing_fields_are_skipped()
    {
        var encoded = SampleBatchCodec.Encode(Batch with { Samples = [new Sample(1000, Hr: 150)] });
        // Rebuild the one sample record with a channel bit (9) this version does not know, followed by its value.
        var header = encoded.AsSpan(0, encoded.Length - 6).ToArray();
        byte[] record = [0xD0, 0x0F, 0x81, 0x04, 0xAC, 0x02, 0x2A, 0x2A];
        // t delta 1000 (zig-zag varint), mask 0x201 (hr + unknown bit 9), hr 150 (zig-zag), two bytes of the unknown field.
        // After the samples: an empty device kind, visibility 0 (everyone), then two bytes of a batch field this version does not know.
        byte[] future = [.. header, (byte)record.Length, .. record, 0x00, 0x00, 0x99, 0x98];
        var decoded = SampleBatchCodec.Decode(future);
        Assert.Equal(new Sample(1000, Hr: 150), Assert.Single(decoded.Samples));
        Assert.Null(decoded.DeviceKind);
    }

    [Fact]
    public void The_device_kind_travels_after_the_samples()
    {
        var decoded = SampleBatchCodec.Decode(SampleBatchCodec.Encode(Batch with { DeviceKind = DeviceKinds.ChestStrap }));
        Assert.Equal(DeviceKinds.ChestStrap, decoded.DeviceKind);
        Assert.Equal(Batch.Samples.Count, decoded.Samples.Count);
    }

    [Fact]
    public void The_visibility_travels_last_and_an_unknown_one_is_taken_as_private()
    {
        Assert.Equal(Visibility.Everyone, SampleBatchCodec.Decode(SampleBatchCodec.Encode(Batch)).Visibility);
        var followers = SampleBatchCodec.Encode(Batch with { Visibility = Visibility.Followers });
        Assert.Equal(Visibility.Followers, SampleBatchCodec.Decode(followers).Visibility);
        Assert.Null(SampleBatchCodec.Decode(followers).DeviceKind);
        followers[^1] = 0x7F;
        Assert.Equal(Visibility.OnlyMe, SampleBatchCodec.Decode(followers).Visibility);
    }

    [Fact]
    public void Every_truncation_is_a_format_error()
    {
        var encoded = SampleBatchCodec.Encode(Batch);
        for (var length = 0; length < encoded.Length; length++)
            Assert.Throws<ContractFormatException>(() => SampleBatchCodec.Decode(encoded.AsSpan(0, length)));
    }

    [Fact]
    public void Another_version_is_refused_with_its_number()
    {
        var encoded = SampleBatchCodec.Encode(Batch);
        encoded[0] = 9;
        var error = Assert.Throws<ContractFormatException>(() => SampleBatchCodec.Decode(encoded));
        Assert.Contains("version 9", error.Message, StringComparison.Ordinal);
    }
}
