namespace FitnessDriver.Gamification.Streaks;

/// <summary>Streak and weekly-goal rules (configuration section <c>Gamification:Streaks</c>).</summary>
public sealed class StreakOptions
{
    /// <summary>Moving minutes that make a day active.</summary>
    public int ActiveDayMinutes { get; set; } = 10;

    /// <summary>Freezes a new athlete holds: each bridges one missed day of a daily streak.</summary>
    public int StartingFreezes { get; set; } = 1;

    /// <summary>Every this many days of a streak earn a freeze.</summary>
    public int FreezeEveryDays { get; set; } = 7;

    /// <summary>The most freezes an athlete holds.</summary>
    public int MaxFreezes { get; set; } = 2;

    /// <summary>Local hour from which a streak with nothing done today is announced at risk.</summary>
    public int StreakAtRiskHour { get; set; } = 18;

    /// <summary>Local hour of the week's last day from which a weekly goal not yet kept is announced at risk.</summary>
    public int WeeklyGoalAtRiskHour { get; set; } = 12;

    /// <summary>How often the at-risk check runs, seconds.</summary>
    public int CheckEverySeconds { get; set; } = 60;

    public long ActiveDayMs => ActiveDayMinutes * 60_000L;
}
