namespace FitnessDriver.Gamification.Segments;

/// <summary>How segments are made and matched (configuration section <c>Gamification:Segments</c>).</summary>
public sealed class SegmentOptions
{
    /// <summary>How close a track must pass a segment's start, each checkpoint and its end, metres.</summary>
    public double GateRadiusM { get; set; } = 25;

    /// <summary>How far a track may stray from the path between checkpoints before the attempt is abandoned, metres.</summary>
    public double CorridorM { get; set; } = 50;

    /// <summary>Distance between the checkpoints a track must pass in order, metres.</summary>
    public double CheckpointSpacingM { get; set; } = 50;

    /// <summary>The shortest segment, metres.</summary>
    public double MinLengthM { get; set; } = 100;

    /// <summary>The longest segment, metres.</summary>
    public double MaxLengthM { get; set; } = 50_000;
}
