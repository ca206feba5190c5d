namespace FitnessDriver.Telemetry;

/// <summary>Settings of the edge (configuration section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>How far before an activity's start, or after its finish, a sample's time may be.</summary>
    public int SampleMarginMinutes { get; set; } = 15;

    /// <summary>Finished or deleted activities the edge holds in memory besides the recording ones; older ones are read back from its database.</summary>
    public int DirectoryCapacity { get; set; } = ActivityDirectory.DefaultCapacity;
}
