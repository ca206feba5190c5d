using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Devices.Fit;

namespace FitnessDriver.Devices.Tests.Fit;

/// <summary>Every shared FIT file decodes to the same records as with Garmin's own SDK.</summary>
public sealed class GarminSdkAgreementTests
{
    // The SDK stops at the first compressed timestamp header; for those files only the records before it compare.
    private const string SdkWithoutCompressedTimestamps = "compressed timestamp messages are not currently supported";

    private static readonly Lazy<Dictionary<string, SdkResult>> Reference = new(() =>
        GarminFitSdk.Decode(TestFiles.DeviceFiles("fit", ".fit")).ToDictionary(r => r.File));

    public static TheoryData<string> FitFiles() => new(TestFiles.DeviceFiles("fit", ".fit").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(FitFiles))]
    public void Records_match_garmin_sdk_field_by_field(string file)
    {
        var sdk = Reference.Value[file];
        var (samples, error) = DecodeOurs(file);

        var sdkCannotRead = sdk.Errors.Any(e => e.Contains(SdkWithoutCompressedTimestamps, StringComparison.Ordinal));
        if (sdk.Errors.Count == 0 || sdkCannotRead)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.True(error is not null, $"Garmin rejects {file} ({sdk.Errors[0]}) but we decoded it.");
        }

        // A sample needs a time: records before the first timestamp in the file have none and give no sample.
        var timed = sdk.Records.SkipWhile(r => r.Timestamp is null).ToList();
        if (sdk.Errors.Count == 0)
        {
            Assert.Equal(sdk.Records.Count, CountOurRecordMessages(file));
            Assert.Equal(timed.Count, samples.Count);
        }
        else if (!sdkCannotRead)
        {
            // Both stop at the break; ours hands out a record only once the next one is read.
            Assert.InRange(samples.Count, Math.Max(0, timed.Count - 1), timed.Count);
        }

        for (var i = 0; i < Math.Min(timed.Count, samples.Count); i++)
        {
            AssertSameRecord(timed[i], samples[i], $"{file} record {i}");
        }
    }

    [Theory]
    [InlineData("activity-settings-corruptheader.fit")]
    [InlineData("activity-unexpected-eof.fit")]
    public void Broken_files_are_rejected_by_both_decoders(string file)
    {
        Assert.NotEmpty(Reference.Value[file].Errors);
        Assert.NotNull(DecodeOurs(file).Error);
    }

    [Theory]
    [MemberData(nameof(FitFiles))]
    public void Sport_device_and_rr_intervals_match_garmin_sdk(string file)
    {
        var sdk = Reference.Value[file];
        if (sdk.Errors.Count > 0)
        {
            Assert.Skip($"Garmin's SDK does not read {file} to the end: {sdk.Errors[0]}");
        }

        using var stream = File.OpenRead(TestFiles.DeviceFile("fit", file));
        var summary = FitActivityDecoder.ReadSummary(stream);

        Assert.Equal(SportFromSdk(sdk.SessionSport), summary.Sport);
        if (sdk.FileId is { SerialNumber: not null } fileId)
        {
            Assert.Equal(fileId.SerialNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture), summary.Device.SerialNumber);
        }

        var (samples, _) = DecodeOurs(file);
        Assert.Equal(sdk.HrvCount, samples.Sum(s => s.Rr?.Count ?? 0));
    }

    private static int CountOurRecordMessages(string file)
    {
        using var stream = File.OpenRead(TestFiles.DeviceFile("fit", file));
        return new FitReader(stream).ReadMessages().Count(m => m.GlobalNumber == FitProfile.Messages.Record);
    }

    private static (List<Sample> Samples, FitDecodeException? Error) DecodeOurs(string file)
    {
        var samples = new List<Sample>();
        using var stream = File.OpenRead(TestFiles.DeviceFile("fit", file));
        try
        {
            foreach (var sample in FitActivityDecoder.ReadSamples(stream))
            {
                samples.Add(sample);
            }

            return (samples, null);
        }
        catch (FitDecodeException e)
        {
            return (samples, e);
        }
    }

    internal static void AssertSameRecord(SdkRecord expected, Sample actual, string where)
    {
        Assert.True(expected.Timestamp is not null, $"{where}: SDK record without timestamp");
        Assert.Equal(FitProfile.ToUnixMilliseconds((uint)expected.Timestamp!.Value), actual.T);
        Close(expected.PositionLat is { } lat ? FitProfile.SemicirclesToDegrees(lat) : null, actual.Lat, 1e-9, $"{where} lat");
        Close(expected.PositionLong is { } lon ? FitProfile.SemicirclesToDegrees(lon) : null, actual.Lon, 1e-9, $"{where} lon");
        Close(expected.Altitude, actual.Alt, 1e-3, $"{where} altitude");
        Close(expected.Speed, actual.Speed, 1e-4, $"{where} speed");
        Close(expected.Distance, actual.Distance, 1e-6, $"{where} distance");
        Assert.True(expected.HeartRate == actual.Hr, $"{where} heart rate: SDK {expected.HeartRate}, ours {actual.Hr}");
        Assert.True(expected.Cadence == actual.Cadence, $"{where} cadence: SDK {expected.Cadence}, ours {actual.Cadence}");
        Assert.True(expected.Power == actual.Power, $"{where} power: SDK {expected.Power}, ours {actual.Power}");
    }

    private static void Close(double? expected, double? actual, double relative, string what)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{what}: SDK {expected}, ours {actual}");
        if (expected is { } e && actual is { } a)
        {
            Assert.True(Math.Abs(e - a) <= relative * Math.Max(1, Math.Abs(e)), $"{what}: SDK {e}, ours {a}");
        }
    }

    private static Sport? SportFromSdk(string? sport) => sport switch
    {
        null => null,
        "running" => Sport.Run,
        "cycling" or "eBiking" => Sport.Ride,
        "walking" => Sport.Walk,
        "hiking" => Sport.Hike,
        "swimming" => Sport.Swim,
        _ => Sport.Other,
    };
}
