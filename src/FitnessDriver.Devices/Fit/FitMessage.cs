namespace FitnessDriver.Devices.Fit;

/// <summary>One FIT data message.</summary>
public sealed class FitMessage
{
    internal FitMessage(
        ushort globalNumber,
        long offset,
        int fileIndex,
        FitField[] fields,
        FitDeveloperField[] developerFields)
    {
        GlobalNumber = globalNumber;
        Offset = offset;
        FileIndex = fileIndex;
        Fields = fields;
        DeveloperFields = developerFields;
    }

    /// <summary>Global message number from the FIT profile (20 = record, 18 = session, ...).</summary>
    public ushort GlobalNumber { get; }

    /// <summary>Byte offset of the record header in the input.</summary>
    public long Offset { get; }

    /// <summary>Which of several concatenated FIT files in the input the message came from, from 0.</summary>
    public int FileIndex { get; }

    /// <summary>The fields in the order of the definition; a compressed timestamp header adds field 253.</summary>
    public IReadOnlyList<FitField> Fields { get; }

    /// <summary>Developer data fields in the order of the definition.</summary>
    public IReadOnlyList<FitDeveloperField> DeveloperFields { get; }

    /// <summary>The timestamp field (253) in seconds since the FIT epoch, when present and valid.</summary>
    public uint? Timestamp => Field(FitProfile.TimestampField)?.Value is { } t ? (uint)t : null;

    /// <summary>The field with the given number, or null.</summary>
    public FitField? Field(byte number)
    {
        foreach (var field in Fields)
        {
            if (field.Number == number)
            {
                return field;
            }
        }

        return null;
    }

    /// <summary>The first element of field <paramref name="number"/> with scale and offset applied, or null.</summary>
    public double? Scaled(byte number, double scale = 1, double offset = 0) =>
        Field(number)?.Value is { } raw ? (raw / scale) - offset : null;
}
