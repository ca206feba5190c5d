using System.Globalization;
using System.Net;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Gamification.Streaks;
using FitnessDriver.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>Daily and weekly streaks and weekly goals, counted in the athlete's own time zone.</summary>
public sealed class StreakTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private const string Vladivostok = "Asia/Vladivostok";
    private static readonly TimeSpan VladivostokOffset = TimeSpan.FromHours(10);
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task Days_are_the_athletes_own_so_runs_on_one_utc_day_make_a_streak_of_two_and_a_streak_at_risk_is_announced_in_their_evening()
    {
        var athlete = await platform.NewAthleteAsync("Streaker");
        var settings = await athlete.SetGameSettingsAsync(new GameSettingsView(Vladivostok, new WeeklyGoalView(DistanceM: 2000)));
        Assert.Equal(new GameSettingsView(Vladivostok, new WeeklyGoalView(DistanceM: 2000)), settings);
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(VladivostokOffset).DateTime);
        var first = today.AddDays(-3);
        DateTimeOffset Local(DateOnly day, int hour, int minute = 0) => new(day.ToDateTime(new TimeOnly(hour, minute)), VladivostokOffset);

        // 02:00 and 14:30 UTC of one day, 23:00 UTC of the next: three days in a row in Vladivostok.
        await RunAsync(athlete, Local(first, 12));
        await RunAsync(athlete, Local(first.AddDays(1), 0, 30));
        await RunAsync(athlete, Local(first.AddDays(2), 9));
        await platform.WaitForConsumersAsync();

        var inbox = (await athlete.GetNotificationsAsync()).Items;
        Assert.Equal([(1, Iso(first)), (2, Iso(first.AddDays(1))), (3, Iso(first.AddDays(2)))], inbox.Where(i => i.Type == AchievementTypes.Streak)
            .Select(i => (i.Payload["days"]!.GetValue<int>(), i.Payload["day"]!.GetValue<string>())).OrderBy(s => s.Item2));
        var weeks = new[] { first, first.AddDays(1), first.AddDays(2) }.Select(StreakRules.WeekStart).Distinct().Select(Iso).ToList();
        Assert.Equal(weeks, inbox.Where(i => i.Type == AchievementTypes.WeeklyGoal).Select(i => i.Payload["weekStart"]!.GetValue<string>()).Order());

        var streaks = await athlete.GetStreaksAsync();
        Assert.Equal((Vladivostok, Iso(today)), (streaks.TimeZone, streaks.Today));
        Assert.Equal(new DailyStreakView(3, 3, Iso(first.AddDays(2)), 1, AtRisk: true), streaks.Daily);
        Assert.Equal(new WeeklyStreakView(weeks.Count, weeks.Count), streaks.Weekly);
        var runsThisWeek = new[] { first, first.AddDays(1), first.AddDays(2) }.Count(d => StreakRules.WeekStart(d) == StreakRules.WeekStart(today));
        Assert.Equal((Iso(StreakRules.WeekStart(today)), runsThisWeek > 0), (streaks.WeeklyGoal!.WeekStart, streaks.WeeklyGoal.Kept));
        Assert.InRange(streaks.WeeklyGoal.Progress, runsThisWeek * 2870, runsThisWeek * 2880);

        var watch = platform.Services.GetRequiredService<StreakWatch>();
        await watch.CheckAsync(Local(today, 17), CancellationToken.None);
        await platform.WaitForConsumersAsync();
        Assert.DoesNotContain((await athlete.GetNotificationsAsync()).Items, i => i.Type == AchievementTypes.StreakAtRisk);
        await watch.CheckAsync(Local(today, 19), CancellationToken.None);
        await watch.CheckAsync(Local(today, 21), CancellationToken.None);
        await platform.WaitForConsumersAsync();
        var warning = Assert.Single((await athlete.GetNotificationsAsync()).Items, i => i.Type == AchievementTypes.StreakAtRisk);
        Assert.Equal((3, Iso(today)), (warning.Payload["days"]!.GetValue<int>(), warning.Payload["day"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_weekly_goal_not_reached_is_announced_on_the_weeks_last_day_and_a_kept_one_is_not()
    {
        var athlete = await platform.NewAthleteAsync("Weekly");
        await athlete.SetGameSettingsAsync(new GameSettingsView(Vladivostok, new WeeklyGoalView(MovingSeconds: 600)));
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(VladivostokOffset).DateTime);
        var lastWeek = StreakRules.WeekStart(today).AddDays(-7);
        await RunAsync(athlete, new DateTimeOffset(lastWeek.AddDays(2).ToDateTime(new TimeOnly(8, 0)), VladivostokOffset));
        await platform.WaitForConsumersAsync();
        var kept = Assert.Single((await athlete.GetNotificationsAsync()).Items, i => i.Type == AchievementTypes.WeeklyGoal);
        Assert.Equal(Iso(lastWeek), kept.Payload["weekStart"]!.GetValue<string>());

        var watch = platform.Services.GetRequiredService<StreakWatch>();
        var nextSunday = StreakRules.WeekStart(today).AddDays(13);
        await watch.CheckAsync(new DateTimeOffset(lastWeek.AddDays(6).ToDateTime(new TimeOnly(13, 0)), VladivostokOffset), CancellationToken.None);
        await watch.CheckAsync(new DateTimeOffset(nextSunday.ToDateTime(new TimeOnly(11, 0)), VladivostokOffset), CancellationToken.None);
        await platform.WaitForConsumersAsync();
        Assert.DoesNotContain((await athlete.GetNotificationsAsync()).Items, i => i.Type == AchievementTypes.WeeklyGoalAtRisk
            && i.Payload["weekStart"]!.GetValue<string>() is var week && (week == Iso(lastWeek) || week == Iso(StreakRules.WeekStart(nextSunday))));

        await watch.CheckAsync(new DateTimeOffset(nextSunday.ToDateTime(new TimeOnly(13, 0)), VladivostokOffset), CancellationToken.None);
        await platform.WaitForConsumersAsync();
        var warning = Assert.Single((await athlete.GetNotificationsAsync()).Items, i => i.Type == AchievementTypes.WeeklyGoalAtRisk
            && i.Payload["weekStart"]!.GetValue<string>() != Iso(StreakRules.WeekStart(today)));
        Assert.Equal((Iso(StreakRules.WeekStart(nextSunday)), 600.0, 0.0), (warning.Payload["weekStart"]!.GetValue<string>(),
            warning.Payload["goal"]!["movingSeconds"]!.GetValue<double>(), warning.Payload["progress"]!.GetValue<double>()));
    }

    [Fact]
    public async Task Settings_default_to_utc_and_refuse_unknown_zones_and_ambiguous_goals()
    {
        var athlete = await platform.NewAthleteAsync();
        Assert.Equal(new GameSettingsView("UTC", null), await athlete.GetGameSettingsAsync());
        var zone = await Assert.ThrowsAsync<ApiProblemException>(() => athlete.SetGameSettingsAsync(new GameSettingsView("Mars/Olympus_Mons", null)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, zone.Status);
        Assert.NotNull(zone.Problem!["errors"]!["timeZone"]);
        var goal = await Assert.ThrowsAsync<ApiProblemException>(() => athlete.SetGameSettingsAsync(
            new GameSettingsView("Europe/Moscow", new WeeklyGoalView(DistanceM: 1000, MovingSeconds: 600))));
        Assert.NotNull(goal.Problem!["errors"]!["weeklyGoal"]);
        var streaks = await athlete.GetStreaksAsync();
        Assert.Equal((new DailyStreakView(0, 0, null, 1, false), (WeeklyGoalProgress?)null), (streaks.Daily, streaks.WeeklyGoal));
    }

    /// <summary>A 15-minute run (2,880 m).</summary>
    private static async Task RunAsync(FitnessDriverClient athlete, DateTimeOffset start)
    {
        var activity = Guid.NewGuid();
        await athlete.PutActivityAsync(activity, Sport.Run, start);
        await athlete.PostSamplesAsync(activity, "watch", RunGenerator.Samples(start, 901, 3.2));
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
