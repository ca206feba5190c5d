namespace FitnessDriver.TimeSeries;

/// <summary>How long raw samples are kept (configuration section <c>TimeSeries:Retention</c>).</summary>
public sealed class RetentionOptions
{
    /// <summary>Days raw 1 s samples are kept, by sample time; 0 keeps them forever. Rollups, summaries and positions stay.</summary>
    public int RawDays { get; set; }

    /// <summary>Minutes between two runs of the retention job (summaries kept, then raw dropped where TimescaleDB does not).</summary>
    public int CheckMinutes { get; set; } = 60;

    /// <summary>Days before the end of <see cref="RawDays"/> from which an activity's summary is computed and kept.</summary>
    public const int SummaryLeadDays = 2;
}
