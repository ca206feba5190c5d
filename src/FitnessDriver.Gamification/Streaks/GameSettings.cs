using System.Collections.Concurrent;

namespace FitnessDriver.Gamification.Streaks;

/// <summary>A weekly goal: distance in metres or moving time in seconds.</summary>
public sealed record WeeklyGoal(bool IsDistance, double Amount)
{
    public const string DistanceMetric = "distance";
    public const string MovingTimeMetric = "moving-time";

    public string Metric => IsDistance ? DistanceMetric : MovingTimeMetric;

    /// <summary>What a day's distance and moving time bring to it.</summary>
    public double AmountOf(double distanceM, long movingMs) => IsDistance ? distanceM : movingMs / 1000.0;

    public Contracts.Api.WeeklyGoalView ToView() => IsDistance ? new(DistanceM: Amount) : new(MovingSeconds: Amount);
}

/// <summary>An athlete's time zone (their days and weeks) and weekly goal; UTC and no goal until they say.</summary>
public sealed record GameSettings(string TimeZoneId, WeeklyGoal? Goal)
{
    public static GameSettings Default { get; } = new("UTC", null);

    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    /// <summary>The zone, or UTC when this machine does not know it.</summary>
    public TimeZoneInfo Zone => FindZone(TimeZoneId) ?? TimeZoneInfo.Utc;

    /// <summary>The local day of Unix time <paramref name="ms"/>.</summary>
    public DateOnly DayOf(long ms) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(ms), Zone).DateTime);

    /// <summary>The local time at <paramref name="now"/>.</summary>
    public DateTime LocalTime(DateTimeOffset now) => TimeZoneInfo.ConvertTime(now, Zone).DateTime;

    /// <summary>An IANA time zone this machine knows, by its id (e.g. <c>Europe/Moscow</c>).</summary>
    public static TimeZoneInfo? FindZone(string id)
    {
        if (Zones.TryGetValue(id, out var known))
            return known;
        // Only zones that exist are kept: ids a client makes up must not grow the cache.
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId ? Zones.GetOrAdd(id, zone) : null;
    }
}
