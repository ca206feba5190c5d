using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Devices.Fit;

namespace FitnessDriver.Devices.Tests.Fit;

public sealed class FitWriterTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Written_activity_reads_back_the_same_in_our_decoder_and_garmins(bool bigEndian)
    {
        var samples = FitSampleFiles.Ride(600);
        var bytes = FitSampleFiles.Write(samples, bigEndian);
        var path = Path.Combine(Path.GetTempPath(), $"fd-writer-{Environment.ProcessId}-{bigEndian}.fit");
        File.WriteAllBytes(path, bytes);

        try
        {
            var decoded = FitActivityDecoder.ReadSamples(new MemoryStream(bytes)).ToList();
            var sdk = GarminFitSdk.Decode(path).Single();

            Assert.Empty(sdk.Errors);
            Assert.Equal(samples.Count, decoded.Count);
            Assert.Equal(samples.Count, sdk.Records.Count);
            for (var i = 0; i < samples.Count; i++)
            {
                AssertRoundTrip(samples[i], decoded[i]);
                GarminSdkAgreementTests.AssertSameRecord(sdk.Records[i], decoded[i], $"record {i}");
            }

            Assert.Equal("cycling", sdk.SessionSport);
            var summary = FitActivityDecoder.ReadSummary(new MemoryStream(bytes));
            Assert.Equal(Sport.Ride, summary.Sport);
            Assert.Equal(FitSampleFiles.Start, summary.StartTime);
            Assert.Equal("fit:garmin:2697:3945849289", summary.Device.StableId);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Concatenated_files_decode_as_one_stream_of_samples()
    {
        var first = FitSampleFiles.Ride(50, seed: 1);
        var second = FitSampleFiles.Ride(70, seed: 2).Select(s => s with { T = s.T + 3_600_000 }).ToList();
        var bytes = FitSampleFiles.Write(first).Concat(FitSampleFiles.Write(second, bigEndian: true)).ToArray();

        var reader = new FitReader(new MemoryStream(bytes));
        var records = reader.ReadMessages().Where(m => m.GlobalNumber == FitProfile.Messages.Record).ToList();

        Assert.Equal(2, reader.Headers.Count);
        Assert.Equal(120, records.Count);
        Assert.Equal([0, 1], records.Select(r => r.FileIndex).Distinct());
        Assert.Equal(120, FitActivityDecoder.ReadSamples(new MemoryStream(bytes)).Count());
    }

    private static void AssertRoundTrip(Sample expected, Sample actual)
    {
        Assert.Equal(expected.T, actual.T);
        Assert.Equal(expected.Hr, actual.Hr);
        Assert.Equal(expected.Power, actual.Power);
        Assert.Equal(expected.Cadence, actual.Cadence);
        Assert.Equal(expected.Speed!.Value, actual.Speed!.Value, 1e-3);
        Assert.Equal(expected.Distance!.Value, actual.Distance!.Value, 1e-6);
        Assert.Equal(expected.Alt!.Value, actual.Alt!.Value, 0.2);
        Assert.Equal(expected.HasPosition, actual.HasPosition);
        if (expected.HasPosition)
        {
            // One semicircle is 8.4e-8 degrees.
            Assert.Equal(expected.Lat!.Value, actual.Lat!.Value, 1e-7);
            Assert.Equal(expected.Lon!.Value, actual.Lon!.Value, 1e-7);
        }
    }
}
