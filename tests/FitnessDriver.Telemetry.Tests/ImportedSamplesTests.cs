using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Telemetry.Tests;

public sealed class ImportedSamplesTests
{
    private const long Latest = 2_000_000_000_000;
    private const long T = 1_800_000_000_000;

    [Fact]
    public void Out_of_range_channels_are_dropped_and_the_rest_kept()
    {
        var cleaned = ImportedSamples.Clean(new Sample(T, Hr: 0, Power: 250, Speed: 55, Lat: 0, Lon: 0, Alt: 120, Rr: [0, 800, 9000]), Latest);
        Assert.Equal(new Sample(T, Power: 250, Alt: 120) with { Rr = cleaned!.Rr }, cleaned);
        Assert.Equal([800], cleaned.Rr!);
    }

    [Fact]
    public void A_sample_with_nothing_usable_or_an_impossible_time_is_dropped()
    {
        Assert.Null(ImportedSamples.Clean(new Sample(T, Hr: 300), Latest));
        Assert.Null(ImportedSamples.Clean(new Sample(0, Hr: 120), Latest));
        Assert.Null(ImportedSamples.Clean(new Sample(1000, Hr: 120), Latest));
        Assert.Null(ImportedSamples.Clean(new Sample(SampleValidation.EarliestTime - 1, Hr: 120), Latest));
        Assert.NotNull(ImportedSamples.Clean(new Sample(SampleValidation.EarliestTime, Hr: 120), Latest));
        Assert.Null(ImportedSamples.Clean(new Sample(Latest + 1, Hr: 120), Latest));
    }
}
