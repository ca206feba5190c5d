using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Telemetry.Tests;

public sealed class SampleValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 31, 21, 0, 0, TimeSpan.Zero);
    private static readonly long T = Now.AddMinutes(-1).ToUnixTimeMilliseconds();

    [Fact]
    public void Limits_are_inclusive()
    {
        var errors = SampleValidation.Validate(Batch(
            new Sample(T, Hr: 20, Power: 0, Cadence: 0, Speed: 0, Lat: -90, Lon: -180),
            new Sample(T + 1, Hr: 250, Power: 3000, Cadence: 300, Speed: 40, Lat: 90, Lon: 180),
            new Sample(Now.Add(SampleValidation.MaxFutureSkew).ToUnixTimeMilliseconds())), Now);
        Assert.True(errors.IsEmpty);
    }

    [Fact]
    public void Each_failure_is_reported_by_its_field()
    {
        var errors = SampleValidation.Validate(Batch(new Sample(T), new Sample(T + 1000, Hr: 251, Speed: float.NaN)), Now).ToDictionary();
        Assert.Equal(["samples[1].hr", "samples[1].speed"], errors.Keys.Order());
    }

    [Fact]
    public void Device_id_is_required_and_plain()
    {
        Assert.Contains("deviceId", SampleValidation.Validate(new SampleBatchRequest(null, [new Sample(T)]), Now).ToDictionary().Keys);
        Assert.Contains("deviceId", SampleValidation.Validate(new SampleBatchRequest("a b", [new Sample(T)]), Now).ToDictionary().Keys);
        Assert.True(SampleValidation.Validate(new SampleBatchRequest("hrm-chest:01.A_b", [new Sample(T)]), Now).IsEmpty);
    }

    [Fact]
    public void A_batch_full_of_errors_reports_a_bounded_number()
    {
        var samples = Enumerable.Range(0, 5000).Select(i => new Sample(T, Hr: 1)).ToArray();
        Assert.InRange(SampleValidation.Validate(Batch(samples), Now).Count, 1, 50);
    }

    [Fact]
    public void A_time_repeated_in_one_batch_is_named_at_the_repeat()
    {
        var errors = SampleValidation.Validate(Batch(new Sample(T), new Sample(T + 1000), new Sample(T)), Now).ToDictionary();
        Assert.Equal(["samples[2].t"], errors.Keys);
        Assert.Contains("samples[0]", errors["samples[2].t"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_time_repeated_after_the_batch_went_back_in_time_is_named_at_the_repeat()
    {
        var errors = SampleValidation.Validate(Batch(new Sample(T), new Sample(T + 2000), new Sample(T + 1000), new Sample(T + 3000), new Sample(T + 2000)), Now)
            .ToDictionary();
        Assert.Equal(["samples[4].t"], errors.Keys);
        Assert.Contains("samples[1]", errors["samples[4].t"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Times_out_of_order_but_all_different_pass()
    {
        Assert.True(SampleValidation.Validate(Batch(new Sample(T + 2000), new Sample(T), new Sample(T + 1000), new Sample(T + 3000)), Now).IsEmpty);
    }

    private static SampleBatchRequest Batch(params Sample[] samples) => new("hrm", samples);
}
