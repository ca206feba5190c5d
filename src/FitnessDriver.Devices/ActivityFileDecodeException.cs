namespace FitnessDriver.Devices;

/// <summary>
/// A GPX or TCX file is malformed or lacks what an activity needs, or a file is of no known format.
/// <see cref="Line"/> and <see cref="Position"/> locate the problem in XML files.
/// </summary>
public sealed class ActivityFileDecodeException : DeviceDecodeException
{
    /// <summary>Creates the exception; line and position are 1-based and null when unknown.</summary>
    public ActivityFileDecodeException(string format, string reason, int? line = null, int? position = null, Exception? innerException = null)
        : base(Describe(format, reason, line, position), reason, innerException)
    {
        Format = format;
        Line = line;
        Position = position;
    }

    /// <summary>"gpx", "tcx", or "unknown" when the format could not be recognised.</summary>
    public string Format { get; }

    /// <summary>1-based line of the problem, when known.</summary>
    public int? Line { get; }

    /// <summary>1-based character position in <see cref="Line"/>, when known.</summary>
    public int? Position { get; }

    private static string Describe(string format, string reason, int? line, int? position) =>
        line is { } l ? $"{format}: {reason} (line {l}, position {position})" : $"{format}: {reason}";
}
