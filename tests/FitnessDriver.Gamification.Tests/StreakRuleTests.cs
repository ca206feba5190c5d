using FitnessDriver.Gamification.Streaks;

namespace FitnessDriver.Gamification.Tests;

public sealed class StreakRuleTests
{
    private static readonly StreakOptions Rules = new();
    private static readonly DateOnly Monday = new(2026, 11, 30);

    private static List<DateOnly> Days(params int[] offsets) => [.. offsets.Select(o => Monday.AddDays(o))];

    [Fact]
    public void Days_in_a_row_make_a_streak_that_is_at_risk_until_today_is_active()
    {
        Assert.Equal(new DailyStreak(3, 3, Monday.AddDays(2), 1, AtRisk: false), StreakRules.Daily(Days(0, 1, 2), Monday.AddDays(2), Rules));
        Assert.Equal(new DailyStreak(3, 3, Monday.AddDays(2), 1, AtRisk: true), StreakRules.Daily(Days(0, 1, 2), Monday.AddDays(3), Rules));
    }

    [Fact]
    public void A_freeze_bridges_one_missed_day_without_adding_to_the_streak_and_a_second_gap_breaks_it()
    {
        Assert.Equal(new DailyStreak(3, 3, Monday.AddDays(3), 0, false), StreakRules.Daily(Days(0, 1, 3), Monday.AddDays(3), Rules));
        Assert.Equal(new DailyStreak(1, 3, Monday.AddDays(5), 0, false), StreakRules.Daily(Days(0, 1, 3, 5), Monday.AddDays(5), Rules));
        Assert.Equal(new DailyStreak(0, 2, Monday.AddDays(1), 1, false), StreakRules.Daily(Days(0, 1), Monday.AddDays(4), Rules));
    }

    [Fact]
    public void A_freeze_is_earned_every_seven_days_up_to_the_limit()
    {
        var fortnight = Days([.. Enumerable.Range(0, 14)]);
        Assert.Equal(2, StreakRules.Daily(fortnight, Monday.AddDays(13), Rules).Freezes);
        Assert.Equal(2, StreakRules.Daily(Days([.. Enumerable.Range(0, 21)]), Monday.AddDays(20), Rules).Freezes);
        var bridgedTwice = StreakRules.Daily(Days([.. Enumerable.Range(0, 14), 15, 17]), Monday.AddDays(17), Rules);
        Assert.Equal((16, 0), (bridgedTwice.Current, bridgedTwice.Freezes));
    }

    [Fact]
    public void Later_days_and_repeats_do_not_count()
    {
        Assert.Equal(new DailyStreak(2, 2, Monday.AddDays(1), 1, false), StreakRules.Daily(Days(1, 0, 1, 9), Monday.AddDays(1), Rules));
    }

    [Fact]
    public void Weeks_in_a_row_last_weeks_run_counts_until_this_week_ends()
    {
        var weeks = Days(-14, -7, 0);
        Assert.Equal(new WeeklyStreak(3, 3), StreakRules.Weekly(weeks, Monday));
        Assert.Equal(new WeeklyStreak(3, 3), StreakRules.Weekly(weeks, Monday.AddDays(7)));
        Assert.Equal(new WeeklyStreak(0, 3), StreakRules.Weekly(weeks, Monday.AddDays(14)));
        Assert.Equal(new WeeklyStreak(1, 2), StreakRules.Weekly(Days(-21, -14, 0), Monday));
    }

    [Fact]
    public void Weeks_start_on_monday()
    {
        Assert.Equal(Monday, StreakRules.WeekStart(Monday));
        Assert.Equal(Monday, StreakRules.WeekStart(Monday.AddDays(6)));
        Assert.Equal(Monday.AddDays(7), StreakRules.WeekStart(Monday.AddDays(7)));
    }
}
