namespace FitnessDriver.Gamification.Rules;

/// <summary>Maps total XP to levels. Level 1 needs no XP.</summary>
public sealed class LevelCurve
{
    private const int MaxLevel = 10_000;
    private readonly LevelCurveOptions options;

    /// <summary>Creates the curve.</summary>
    public LevelCurve(LevelCurveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BaseXp <= 0 || options.Exponent <= 0)
            throw new ArgumentException("Gamification:Levels:BaseXp and Exponent must be positive.", nameof(options));
        this.options = options;
    }

    /// <summary>Total XP at which <paramref name="level"/> is reached.</summary>
    public long ThresholdFor(int level) => level <= 1 ? 0 : (long)Math.Round(options.BaseXp * Math.Pow(level - 1, options.Exponent));

    /// <summary>The level of an athlete with <paramref name="xp"/> in total.</summary>
    public int LevelFor(long xp)
    {
        var level = 1;
        while (level < MaxLevel && ThresholdFor(level + 1) <= xp)
            level++;
        return level;
    }
}
