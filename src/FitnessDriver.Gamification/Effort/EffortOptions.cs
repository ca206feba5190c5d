namespace FitnessDriver.Gamification.Effort;

/// <summary>Effort XP (configuration section <c>Gamification:Effort</c>).</summary>
public sealed class EffortOptions
{
    /// <summary>XP per minute in zones "1" to "5" (heart rate, or power against the threshold when it is known).</summary>
    public Dictionary<string, double> XpPerMinute { get; } = new(StringComparer.Ordinal) { ["1"] = 0.25, ["2"] = 0.5, ["3"] = 1, ["4"] = 1.5, ["5"] = 2 };

    /// <summary>Effort XP is paid in steps of this many XP.</summary>
    public int Step { get; set; } = 5;

    /// <summary>The maximum heart rate assumed until an athlete sets theirs or holds a higher one.</summary>
    public int DefaultMaxHr { get; set; } = 185;

    /// <summary>A longer gap between samples is a pause and earns nothing.</summary>
    public int MaxGapSeconds { get; set; } = 30;

    /// <summary>Power above this is no rider's and earns nothing.</summary>
    public int MaxPowerWatts { get; set; } = 2_500;

    /// <summary>XP per minute in <paramref name="zone"/> (1–5); nothing below zone 1.</summary>
    public double RateOf(int zone) => XpPerMinute.GetValueOrDefault(zone.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The rates of zones 1–5 in order.</summary>
    public IReadOnlyList<double> Rates => [.. Enumerable.Range(1, 5).Select(RateOf)];
}
