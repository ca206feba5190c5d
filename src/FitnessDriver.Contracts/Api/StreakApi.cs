namespace FitnessDriver.Contracts.Api;

/// <summary>A weekly goal: exactly one of distance (m) or moving time (s).</summary>
public sealed record WeeklyGoalView(double? DistanceM = null, double? MovingSeconds = null);

/// <summary><c>GET</c> and <c>PUT /v1/me/game-settings</c>: the athlete's IANA time zone (their days and weeks) and weekly goal.</summary>
public sealed record GameSettingsView(string? TimeZone, WeeklyGoalView? WeeklyGoal);

/// <summary>The daily streak: days in a row, the longest, the last active day, freezes held, and whether it ends unless today becomes active.</summary>
public sealed record DailyStreakView(int Current, int Longest, string? LastActiveDay, int Freezes, bool AtRisk);

/// <summary>Weeks in a row that qualified.</summary>
public sealed record WeeklyStreakView(int Current, int Longest);

/// <summary>This week's goal: progress in the goal's unit, the week's Monday, whether it was kept.</summary>
public sealed record WeeklyGoalProgress(WeeklyGoalView Goal, double Progress, string WeekStart, bool Kept);

/// <summary><c>GET /v1/me/streaks</c>.</summary>
public sealed record StreaksView(string TimeZone, string Today, DailyStreakView Daily, WeeklyStreakView Weekly, WeeklyGoalProgress? WeeklyGoal);

/// <summary><c>PUT /v1/me/zones</c>: the athlete's own maximum heart rate and threshold power; null estimates them.</summary>
public sealed record ZoneSettings(int? MaxHr, int? FtpWatts);

/// <summary>
/// <c>GET /v1/me/zones</c>: the maximum heart rate and threshold power effort XP uses, where each comes from (<c>set</c>,
/// <c>estimated</c>, <c>default</c>), the lower bounds of zones 1–5, and the XP a minute in each earns.
/// </summary>
public sealed record ZonesView(int MaxHr, string MaxHrSource, int? FtpWatts, string? FtpSource, IReadOnlyList<int> HeartRateZones,
    IReadOnlyList<int>? PowerZones, IReadOnlyList<double> XpPerMinute);
