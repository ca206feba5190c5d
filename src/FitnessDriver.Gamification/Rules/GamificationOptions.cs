using FitnessDriver.Contracts;

namespace FitnessDriver.Gamification.Rules;

/// <summary>The game's numbers (configuration section <c>Gamification</c>).</summary>
public sealed class GamificationOptions
{
    /// <summary>XP for each whole kilometre, by sport name.</summary>
    public Dictionary<string, int> XpPerKm { get; } = new(StringComparer.Ordinal)
    {
        ["run"] = 10,
        ["ride"] = 4,
        ["walk"] = 8,
        ["hike"] = 12,
        ["swim"] = 40,
        ["other"] = 5,
    };

    /// <summary>
    /// Top plausible speed in metres per second, by sport name: faster steps of a distance channel or a GPS track earn
    /// nothing (a sprinter peaks near 12 m/s, a descending cyclist near 30, a swimmer near 2.5).
    /// </summary>
    public Dictionary<string, double> MaxSpeed { get; } = new(StringComparer.Ordinal)
    {
        ["run"] = 12.5,
        ["ride"] = 30,
        ["walk"] = 5,
        ["hike"] = 6,
        ["swim"] = 3,
        ["other"] = DeviceTrack.DefaultMaxSpeed,
    };

    /// <summary>Distance refused (and at least a tenth of what counted) that makes an activity implausible.</summary>
    public double FlagImplausibleAfterM { get; set; } = 1_000;

    /// <summary>Effort XP.</summary>
    public Effort.EffortOptions Effort { get; set; } = new();

    /// <summary>Streaks and weekly goals.</summary>
    public Streaks.StreakOptions Streaks { get; set; } = new();

    /// <summary>Segments.</summary>
    public Segments.SegmentOptions Segments { get; set; } = new();

    /// <summary>The level curve.</summary>
    public LevelCurveOptions Levels { get; set; } = new();

    /// <summary>Top plausible speed of <paramref name="sport"/>, metres per second.</summary>
    public double MaxSpeedFor(Sport sport) =>
        MaxSpeed.TryGetValue(sport.ToName(), out var speed) ? speed : MaxSpeed.GetValueOrDefault("other", DeviceTrack.DefaultMaxSpeed);

    /// <summary>XP for one kilometre of <paramref name="sport"/>.</summary>
    public int XpFor(Sport sport) => XpPerKm.TryGetValue(sport.ToName(), out var xp) ? xp : XpPerKm.GetValueOrDefault("other", 5);
}

/// <summary>Total XP to reach level n is <c>BaseXp × (n − 1)^Exponent</c>, rounded.</summary>
public sealed class LevelCurveOptions
{
    /// <summary>XP for level 2.</summary>
    public double BaseXp { get; set; } = 20;

    /// <summary>How fast levels get further apart.</summary>
    public double Exponent { get; set; } = 1.5;
}
