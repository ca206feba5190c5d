namespace FitnessDriver.Contracts.Privacy;

/// <summary>What a sealed value is, bound into its authentication: a value sealed for one purpose does not open as another.</summary>
public static class Purposes
{
    /// <summary>A sample batch on <see cref="Topics.TelemetrySamples"/>.</summary>
    public const string SampleBatch = "telemetry.samples";

    /// <summary>An achievement (XP, level, badge, challenge progress) on <see cref="Topics.Achievements"/>.</summary>
    public const string Achievement = "gamification.achievement";

    /// <summary>An activity's name.</summary>
    public const string ActivityName = "activity.name";

    /// <summary>An uploaded archive of activity files, chunk by chunk.</summary>
    public const string ImportArchive = "telemetry.import-archive";

    /// <summary>Positions of a device in an activity, stored by TimeSeries.</summary>
    public const string Positions = "timeseries.positions";

    /// <summary>Positions of a device in an activity, stored by TimeSeries in the compact encoding (see its <c>PositionCodec</c>).</summary>
    public const string CompactPositions = "timeseries.positions.compact";

    /// <summary>The last position of a device, kept by Gamification to measure the next step.</summary>
    public const string LastPosition = "gamification.last-position";

    /// <summary>The last position of a device's samples, kept with the summary figures TimeSeries keeps as they arrive.</summary>
    public const string SummaryLastPosition = "timeseries.summary-last-position";

    /// <summary>The name of a segment an athlete made.</summary>
    public const string SegmentName = "gamification.segment-name";

    /// <summary>The path of a segment an athlete made: a stretch of their track.</summary>
    public const string SegmentPath = "gamification.segment-path";

    /// <summary>An athlete's display name.</summary>
    public const string DisplayName = "profiles.display-name";

    /// <summary>An athlete's username.</summary>
    public const string Username = "profiles.username";

    /// <summary>An athlete's privacy zones.</summary>
    public const string PrivacyZones = "profiles.privacy-zones";

    /// <summary>The last position of a device, kept by Social to add up the next step of an activity's distance.</summary>
    public const string SocialLastPosition = "social.last-position";

    /// <summary>A comment an athlete wrote on a feed item.</summary>
    public const string Comment = "social.comment";
}
