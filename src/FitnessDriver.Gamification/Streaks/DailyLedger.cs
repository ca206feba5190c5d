using System.Globalization;
using System.Text.Json.Nodes;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Postgres;
using Npgsql;

namespace FitnessDriver.Gamification.Streaks;

/// <summary>
/// Adds what activities gained to their athletes' days, inside the progress consumer's transaction, and finds what that
/// earned: a day that became active extends the daily streak (<c>streak</c>), a week that reached the goal keeps it
/// (<c>weekly-goal</c>).
/// </summary>
internal static class DailyLedger
{
    public const string StreakRule = "streak";
    public const string WeeklyGoalRule = "weekly-goal";

    /// <summary>An award to try and what to announce if it is new.</summary>
    public sealed record Announcement(AwardCandidate Award, Achievement Achievement);

    public static async Task<List<Announcement>> RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ActivityGain> gains,
        IReadOnlyDictionary<Guid, GameSettings> settings, StreakOptions options, CancellationToken cancellationToken)
    {
        var rows = gains.Where(g => g.DistanceM > 0 || g.MovingMs > 0)
            .GroupBy(g => (g.Activity.AthleteId, g.Day, g.Activity.ActivityId))
            .Select(g => (g.Key.AthleteId, g.Key.Day, g.Key.ActivityId, DistanceM: g.Sum(x => x.DistanceM), MovingMs: g.Sum(x => x.MovingMs), Last: g.MaxBy(x => x.At)!))
            .OrderBy(r => r.AthleteId).ThenBy(r => r.Day).ThenBy(r => r.ActivityId).ToList();
        var announcements = new List<Announcement>();
        if (rows.Count == 0)
            return announcements;
        var before = await WeekTotalsAsync(connection, transaction, [.. rows.Select(r => (r.AthleteId, StreakRules.WeekStart(r.Day))).Distinct()], cancellationToken);
        await PostgresCommands.ExecuteAsync(connection, transaction, """
            INSERT INTO gamification.daily_activity AS d (athlete_id, day, activity_id, distance_m, moving_ms)
            SELECT * FROM unnest($1::uuid[], $2::date[], $3::uuid[], $4::float8[], $5::bigint[])
            ON CONFLICT (athlete_id, day, activity_id) DO UPDATE SET distance_m = d.distance_m + EXCLUDED.distance_m, moving_ms = d.moving_ms + EXCLUDED.moving_ms
            """, cancellationToken, rows.Select(r => r.AthleteId).ToArray(), rows.Select(r => r.Day).ToArray(), rows.Select(r => r.ActivityId).ToArray(),
            rows.Select(r => r.DistanceM).ToArray(), rows.Select(r => r.MovingMs).ToArray());

        foreach (var athlete in rows.GroupBy(r => r.AthleteId))
        {
            var days = athlete.GroupBy(r => r.Day).ToDictionary(g => g.Key, g => (DistanceM: g.Sum(r => r.DistanceM), MovingMs: g.Sum(r => r.MovingMs), Last: g.MaxBy(r => r.Last.At).Last));
            DayTotal Before(DateOnly day) => before.GetValueOrDefault((athlete.Key, day), new DayTotal(day, 0, 0));
            var newlyActive = days.Where(d => Before(d.Key).MovingMs < options.ActiveDayMs && Before(d.Key).MovingMs + d.Value.MovingMs >= options.ActiveDayMs)
                .Select(d => d.Key).Order().ToList();
            if (newlyActive.Count > 0)
            {
                var activeDays = (await StreakStore.DaysAsync(connection, transaction, athlete.Key, cancellationToken))
                    .Where(d => d.MovingMs >= options.ActiveDayMs).Select(d => d.Day).ToList();
                announcements.AddRange(newlyActive.Select(day => Streak(days[day].Last, day, StreakRules.Daily(activeDays, day, options).Current)));
            }

            if (settings.GetValueOrDefault(athlete.Key)?.Goal is not { } goal)
                continue;
            foreach (var week in days.Keys.GroupBy(StreakRules.WeekStart))
            {
                var had = Enumerable.Range(0, 7).Select(i => Before(week.Key.AddDays(i))).Sum(d => goal.AmountOf(d.DistanceM, d.MovingMs));
                var has = had + week.Sum(day => goal.AmountOf(days[day].DistanceM, days[day].MovingMs));
                if (had < goal.Amount && has >= goal.Amount)
                    announcements.Add(WeeklyGoalKept(days[week.MaxBy(day => days[day].Last.At)].Last, week.Key, goal, has));
            }
        }

        return announcements;
    }

    private static Announcement Streak(ActivityGain last, DateOnly day, int length)
    {
        var award = new AwardCandidate(last.Activity.AthleteId, StreakRule, Iso(day), 0, last.Activity.ActivityId, last.Activity.Sport, last.At, last.Imported);
        return new Announcement(award, AchievementFactory.MarkImported(award, new Achievement(award.AchievementId, award.AthleteId, AchievementTypes.Streak, award.AwardedAt,
            new JsonObject { ["days"] = length, ["day"] = Iso(day), ["activityId"] = award.ActivityId.ToString() })));
    }

    private static Announcement WeeklyGoalKept(ActivityGain last, DateOnly week, WeeklyGoal goal, double progress)
    {
        var award = new AwardCandidate(last.Activity.AthleteId, WeeklyGoalRule, Iso(week), 0, last.Activity.ActivityId, last.Activity.Sport, last.At, last.Imported);
        return new Announcement(award, AchievementFactory.MarkImported(award, new Achievement(award.AchievementId, award.AthleteId, AchievementTypes.WeeklyGoal,
            award.AwardedAt, WeeklyGoalPayload(week, goal, progress))));
    }

    public static JsonObject WeeklyGoalPayload(DateOnly week, WeeklyGoal goal, double progress) => new()
    {
        ["weekStart"] = Iso(week),
        ["goal"] = goal.IsDistance ? new JsonObject { ["distanceM"] = goal.Amount } : new JsonObject { ["movingSeconds"] = goal.Amount },
        ["progress"] = Math.Round(progress, 1),
    };

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Each athlete's day totals in the given weeks, before this batch.</summary>
    private static async Task<Dictionary<(Guid, DateOnly), DayTotal>> WeekTotalsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<(Guid AthleteId, DateOnly Week)> weeks, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<(Guid, DateOnly), DayTotal>();
        await using var command = PostgresCommands.Create(connection, transaction, """
            SELECT d.athlete_id, d.day, sum(d.distance_m), sum(d.moving_ms)::bigint
            FROM gamification.daily_activity d
            JOIN unnest($1::uuid[], $2::date[]) AS w(athlete_id, week) ON d.athlete_id = w.athlete_id AND d.day >= w.week AND d.day < w.week + 7
            GROUP BY d.athlete_id, d.day
            """, weeks.Select(w => w.AthleteId).ToArray(), weeks.Select(w => w.Week).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var day = reader.GetFieldValue<DateOnly>(1);
            totals[(reader.GetGuid(0), day)] = new DayTotal(day, reader.GetDouble(2), reader.GetInt64(3));
        }

        return totals;
    }
}
