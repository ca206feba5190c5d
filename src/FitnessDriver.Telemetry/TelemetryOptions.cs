namespace FitnessDriver.Telemetry;

/// <summary>Settings of the edge (configuration section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>How far before an activity's start, or after its finish, a sample's time may be.</summary>
    public int SampleMarginMinutes { get; set; } = 15;
}
