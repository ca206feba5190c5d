namespace FitnessDriver.Gamification.Streaks;

/// <summary>A daily streak as of a day: its length, the longest ever, the last active day, freezes held, and whether it ends unless today becomes active.</summary>
public sealed record DailyStreak(int Current, int Longest, DateOnly? LastActiveDay, int Freezes, bool AtRisk);

/// <summary>Weeks in a row that qualified (the weekly goal kept, or any active day when there is no goal).</summary>
public sealed record WeeklyStreak(int Current, int Longest);

/// <summary>
/// Streaks from an athlete's active days, in their time zone. A missed day breaks a daily streak unless a freeze
/// bridges it (a bridged day does not add to the length); a freeze is earned every <see cref="StreakOptions.FreezeEveryDays"/>
/// days of a streak, up to <see cref="StreakOptions.MaxFreezes"/>.
/// </summary>
public static class StreakRules
{
    /// <summary>The daily streak on <paramref name="today"/>, from active days in ascending order (later days are ignored).</summary>
    public static DailyStreak Daily(IEnumerable<DateOnly> activeDays, DateOnly today, StreakOptions options)
    {
        ArgumentNullException.ThrowIfNull(activeDays);
        ArgumentNullException.ThrowIfNull(options);
        var (run, longest, freezes) = (0, 0, options.StartingFreezes);
        DateOnly? last = null;
        foreach (var day in activeDays.Where(d => d <= today).Distinct().Order())
        {
            var missed = last is { } previous ? day.DayNumber - previous.DayNumber - 1 : 0;
            if (last is null || missed > freezes)
            {
                run = 1;
            }
            else
            {
                freezes -= missed;
                run++;
            }

            if (run % options.FreezeEveryDays == 0)
                freezes = Math.Min(options.MaxFreezes, freezes + 1);
            longest = Math.Max(longest, run);
            last = day;
        }

        if (last is not { } lastDay)
            return new DailyStreak(0, 0, null, freezes, false);
        var missedSince = today.DayNumber - lastDay.DayNumber - 1;
        return missedSince < 0 ? new DailyStreak(run, longest, lastDay, freezes, false)
            : missedSince <= freezes ? new DailyStreak(run, longest, lastDay, freezes, run > 0)
            : new DailyStreak(0, longest, lastDay, freezes, false);
    }

    /// <summary>The weekly streak in the week starting <paramref name="thisWeek"/>: last week's run still counts until this week ends.</summary>
    public static WeeklyStreak Weekly(IEnumerable<DateOnly> qualifyingWeeks, DateOnly thisWeek)
    {
        ArgumentNullException.ThrowIfNull(qualifyingWeeks);
        var (run, longest) = (0, 0);
        DateOnly? last = null;
        foreach (var week in qualifyingWeeks.Where(w => w <= thisWeek).Distinct().Order())
        {
            run = last is { } previous && week.DayNumber - previous.DayNumber == 7 ? run + 1 : 1;
            longest = Math.Max(longest, run);
            last = week;
        }

        return new WeeklyStreak(last is { } lastWeek && thisWeek.DayNumber - lastWeek.DayNumber <= 7 ? run : 0, longest);
    }

    /// <summary>The Monday that starts <paramref name="day"/>'s week.</summary>
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
