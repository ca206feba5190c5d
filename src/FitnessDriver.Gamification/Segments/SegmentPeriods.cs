using FitnessDriver.Gamification.Streaks;

namespace FitnessDriver.Gamification.Segments;

/// <summary>The periods a segment's leaderboard is filtered by, in the caller's time zone (weeks start on Monday).</summary>
internal static class SegmentPeriods
{
    public const string All = "all";

    public static IReadOnlyList<string> Names { get; } = [All, "year", "month", "week", "today"];

    /// <summary>When the period containing <paramref name="now"/> began; null for all time.</summary>
    public static DateTimeOffset? StartOf(string period, DateTimeOffset now, GameSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var day = settings.LocalTime(now).Date;
        DateTime? start = period switch
        {
            "today" => day,
            "week" => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            "month" => new DateTime(day.Year, day.Month, 1, 0, 0, 0, DateTimeKind.Unspecified),
            "year" => new DateTime(day.Year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified),
            _ => null,
        };
        if (start is not { } local)
            return null;
        // Where clocks skip midnight, the day begins at the first hour that exists.
        while (settings.Zone.IsInvalidTime(local))
            local = local.AddMinutes(30);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), settings.Zone), TimeSpan.Zero);
    }
}
