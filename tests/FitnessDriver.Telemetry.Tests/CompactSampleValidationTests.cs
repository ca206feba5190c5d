using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Telemetry.Tests;

public sealed class CompactSampleValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 31, 21, 0, 0, TimeSpan.Zero);
    private static readonly long T = Now.AddMinutes(-1).ToUnixTimeMilliseconds();

    [Fact]
    public void A_compact_body_fails_the_same_fields_with_the_same_reasons_as_its_json()
    {
        var batch = new SampleBatchRequest("hrm", [
            new Sample(T, Hr: 120),
            new Sample(T + 1000, Hr: 251, Speed: float.NaN),
            new Sample(T + 2000, Power: -1, Cadence: 301, Distance: double.NegativeInfinity),
            new Sample(T + 3000, Lat: double.NaN, Lon: 181),
            new Sample(T + 4000, Lat: 10),
            new Sample(T + 5000, Alt: float.PositiveInfinity, Rr: [0, 400]),
            new Sample(T + 1000, Hr: 120),
            new Sample(0),
            new Sample(Now.AddHours(1).ToUnixTimeMilliseconds()),
        ], "no-such-kind");
        var json = SampleValidation.Validate(batch, Now).ToDictionary();
        var compact = SampleValidation.Validate(CompactSamples.Decode(CompactSamples.Encode(batch), SampleValidation.MaxSamples), Now).ToDictionary();
        Assert.Equal(json.Keys.Order(), compact.Keys.Order());
        foreach (var (field, reasons) in json)
            Assert.Equal(reasons, compact[field]);
        Assert.Contains("samples[1].speed", compact.Keys);
        Assert.Contains("samples[3].lat", compact.Keys);
        Assert.Contains("deviceKind", compact.Keys);
    }

    [Fact]
    public void A_valid_compact_body_passes()
    {
        var batch = new SampleBatchRequest("bike", Enumerable.Range(0, 600)
            .Select(i => new Sample(T - 600_000 + i * 1000L, Hr: 140, Power: 200, Cadence: 90, Speed: 8f, Distance: i * 8.0, Lat: 43.3, Lon: 42.4, Alt: 2000f)).ToList(),
            DeviceKinds.BikeComputer);
        Assert.True(SampleValidation.Validate(CompactSamples.Decode(CompactSamples.Encode(batch), SampleValidation.MaxSamples), Now).IsEmpty);
    }
}
