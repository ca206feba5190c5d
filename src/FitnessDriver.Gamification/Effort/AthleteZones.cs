namespace FitnessDriver.Gamification.Effort;

/// <summary>
/// An athlete's training zones. Heart-rate zones are shares of the maximum heart rate (50, 60, 70, 80, 90 %); power zones
/// shares of the threshold power (55, 75, 90, 105, 120 %). The maximum is the athlete's own when set, else the highest
/// they held for 10 s (never below <see cref="EffortOptions.DefaultMaxHr"/>); the threshold is theirs when set, else 95 %
/// of their best 20-minute power, else unknown and heart rate alone counts.
/// </summary>
public sealed record AthleteZones(int MaxHr, string MaxHrSource, int? FtpWatts, string? FtpSource)
{
    public const string Set = "set";
    public const string Estimated = "estimated";
    public const string Default = "default";

    private static readonly int[] HrPercents = [50, 60, 70, 80, 90];
    private static readonly int[] PowerPercents = [55, 75, 90, 105, 120];

    /// <summary>The zone (1–5) of a heart rate; 0 below zone 1.</summary>
    public int HeartRateZone(int hr) => ZoneOf(hr, MaxHr, HrPercents);

    /// <summary>The zone (1–5) of a power; 0 below zone 1 or when the threshold is unknown.</summary>
    public int PowerZone(int watts) => FtpWatts is { } ftp ? ZoneOf(watts, ftp, PowerPercents) : 0;

    /// <summary>The lower bounds of zones 1–5 in beats per minute.</summary>
    public IReadOnlyList<int> HeartRateBounds => [.. HrPercents.Select(p => (int)Math.Ceiling(MaxHr * p / 100.0))];

    /// <summary>The lower bounds of zones 1–5 in watts, when the threshold is known.</summary>
    public IReadOnlyList<int>? PowerBounds => FtpWatts is { } ftp ? [.. PowerPercents.Select(p => (int)Math.Ceiling(ftp * p / 100.0))] : null;

    public static AthleteZones From(int? maxHr, int? ftpWatts, int? observedMaxHr, double? best20MinuteWatts, EffortOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (hr, hrSource) = maxHr is { } own ? (own, Set)
            : observedMaxHr > options.DefaultMaxHr ? (observedMaxHr.Value, Estimated) : (options.DefaultMaxHr, Default);
        var (ftp, ftpSource) = ftpWatts is { } threshold ? ((int?)threshold, (string?)Set)
            : best20MinuteWatts is > 0 and var best ? ((int)Math.Round(best * 0.95), Estimated) : (null, null);
        return new AthleteZones(hr, hrSource, ftp, ftpSource);
    }

    private static int ZoneOf(int value, int reference, int[] percents) => percents.Count(p => value * 100 >= reference * p);
}
