using FitnessDriver.Devices.Fit;

namespace FitnessDriver.Devices.Tests.Fit;

public sealed class FitDeveloperDataTests
{
    [Fact]
    public void Developer_fields_are_exposed_with_their_description()
    {
        using var stream = File.OpenRead(TestFiles.DeviceFile("fit", "DeveloperData.fit"));

        var records = new FitReader(stream).ReadMessages().Where(m => m.GlobalNumber == FitProfile.Messages.Record).ToList();

        Assert.Equal(3, records.Count);
        var fields = records[0].DeveloperFields;
        Assert.NotEmpty(fields);
        Assert.All(fields, f => Assert.False(string.IsNullOrEmpty(f.Name)));
        Assert.All(fields, f => Assert.NotNull(f.Value));
    }

    [Fact]
    public void Invalid_sentinels_become_null()
    {
        using var stream = File.OpenRead(TestFiles.DeviceFile("fit", "garmin-fenix-5-bike.fit"));

        var samples = FitActivityDecoder.ReadSamples(stream).ToList();

        // The Fenix 5 bike ride has no cadence sensor: every cadence is the uint8 sentinel 0xFF.
        Assert.All(samples, s => Assert.Null(s.Cadence));
        Assert.All(samples, s => Assert.NotNull(s.Hr));
    }
}
