using FitnessDriver.Devices.Fit;

namespace FitnessDriver.Devices.Tests.Fit;

public sealed class FitErrorTests
{
    [Fact]
    public void Truncated_file_reports_offset_and_reason()
    {
        using var stream = File.OpenRead(TestFiles.DeviceFile("fit", "activity-unexpected-eof.fit"));

        var error = Assert.Throws<FitDecodeException>(() => FitActivityDecoder.ReadSamples(stream).ToList());

        Assert.Equal(768, error.Offset);
        Assert.StartsWith("unexpected end of data at byte 768 inside ", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_cut_in_the_middle_names_the_message()
    {
        var bytes = FitSampleFiles.Write(FitSampleFiles.Ride(10));
        var cut = bytes.AsSpan(0, 100).ToArray();

        var error = Assert.Throws<FitDecodeException>(() => FitActivityDecoder.ReadSamples(new MemoryStream(cut)).ToList());

        Assert.Equal(100, error.Offset);
        Assert.Equal("unexpected end of data at byte 100 inside data message of global message 20 (local type 1)", error.Reason);
    }

    [Fact]
    public void File_crc_mismatch_reports_both_values()
    {
        using var stream = File.OpenRead(TestFiles.DeviceFile("fit", "activity-filecrc.fit"));

        var error = Assert.Throws<FitDecodeException>(() => new FitReader(stream).ReadMessages().Count());

        Assert.Equal(769, error.Offset);
        Assert.Matches("^file CRC mismatch: expected 0x[0-9A-F]{4}, computed 0x[0-9A-F]{4}$", error.Reason);
    }

    [Fact]
    public void Header_crc_mismatch_is_reported_at_the_header_crc()
    {
        var bytes = FitSampleFiles.Write(FitSampleFiles.Ride(3));
        bytes[12] ^= 0x55;

        var error = Assert.Throws<FitDecodeException>(() => new FitReader(new MemoryStream(bytes)).ReadMessages().Count());

        Assert.Equal(12, error.Offset);
        Assert.StartsWith("header CRC mismatch", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_header_of_a_chained_file_is_not_a_fit_file()
    {
        using var stream = File.OpenRead(TestFiles.DeviceFile("fit", "activity-settings-corruptheader.fit"));

        var error = Assert.Throws<FitDecodeException>(() => new FitReader(stream).ReadMessages().Count());

        Assert.Equal(779, error.Offset);
        Assert.Contains("not a FIT file", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_message_without_definition_is_rejected()
    {
        var bytes = FitSampleFiles.Write(FitSampleFiles.Ride(3));
        bytes[14] = 0x05;

        var error = Assert.Throws<FitDecodeException>(() => new FitReader(new MemoryStream(bytes)).ReadMessages().Count());

        Assert.Equal(14, error.Offset);
        Assert.Contains("local type 5, which has no definition", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_file_is_not_a_fit_file()
    {
        var error = Assert.Throws<FitDecodeException>(
            () => new FitReader(new MemoryStream("<?xml version=\"1.0\"?><gpx/>"u8.ToArray())).ReadMessages().Count());

        Assert.Contains("not a FIT file", error.Reason, StringComparison.Ordinal);
    }
}
