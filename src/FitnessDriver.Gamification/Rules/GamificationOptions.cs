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

    /// <summary>The level curve.</summary>
    public LevelCurveOptions Levels { get; set; } = new();

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
