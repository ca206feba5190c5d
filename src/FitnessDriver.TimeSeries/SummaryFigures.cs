namespace FitnessDriver.TimeSeries;

/// <summary>What a summary computes from an activity's samples; the rest of it comes from the activity's row.</summary>
public sealed record SummaryFigures(long SampleCount, double DistanceM, double MovingS, double? AvgHr, double? MaxHr, double? AvgPower, double? AvgSpeed)
{
    /// <summary>An activity without samples.</summary>
    public static SummaryFigures None { get; } = new(0, 0, 0, null, null, null, null);
}
