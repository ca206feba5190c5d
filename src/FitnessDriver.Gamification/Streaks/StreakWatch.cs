using System.Text.Json.Nodes;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Hosting;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Erasure;
using FitnessDriver.Gamification.Rules;
using Microsoft.Extensions.Options;

namespace FitnessDriver.Gamification.Streaks;

/// <summary>
/// Warns athletes in their own evening that their daily streak ends tonight (<c>streak-at-risk</c>), and on the last day
/// of the week that the weekly goal is not reached yet (<c>weekly-goal-at-risk</c>); each at most once per day or week.
/// Every replica may run it: the award row is the once.
/// </summary>
public sealed class StreakWatch(GamificationDatabase database, IOptions<GamificationOptions> options, AchievementPublisher publisher, TimeProvider clock,
    WorkerHealth health, ILogger<StreakWatch> logger)
    : WakeableWorker("streak watch", TimeSpan.FromSeconds(Math.Max(1, options.Value.Streaks.CheckEverySeconds)), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30),
        health, logger)
{
    public const string StreakAtRiskRule = "streak-at-risk";
    public const string WeeklyGoalAtRiskRule = "weekly-goal-at-risk";

    private StreakOptions Rules => options.Value.Streaks;

    /// <inheritdoc />
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await database.WaitUntilMigratedAsync(cancellationToken);
        if (await CheckAsync(clock.GetUtcNow(), cancellationToken) > 0)
            publisher.Wake();
    }

    /// <inheritdoc />
    protected override bool IsTransient(Exception exception) => PostgresErrors.IsTransient(exception);

    /// <summary>Warns whoever is at risk at <paramref name="now"/>; returns how many warnings were queued.</summary>
    public async Task<int> CheckAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var warned = 0;
        foreach (var athleteId in await AthletesAsync(StreakCandidatesSql, cancellationToken, now.UtcDateTime, Rules.StreakAtRiskHour, Rules.ActiveDayMs))
            warned += await WarnAsync(athleteId, now, StreakWarning, cancellationToken);
        foreach (var athleteId in await AthletesAsync(WeeklyGoalCandidatesSql, cancellationToken, now.UtcDateTime, Rules.WeeklyGoalAtRiskHour))
            warned += await WarnAsync(athleteId, now, WeeklyGoalWarning, cancellationToken);
        return warned;
    }

    private (string Rule, string Key, string Type, JsonObject Payload)? StreakWarning(GameSettings settings, List<DayTotal> days, DateOnly today)
    {
        var streak = StreakRules.Daily(days.Where(d => d.MovingMs >= Rules.ActiveDayMs).Select(d => d.Day), today, Rules);
        return streak is { AtRisk: true, Current: >= 2 }
            ? (StreakAtRiskRule, DailyLedger.Iso(today), AchievementTypes.StreakAtRisk, new JsonObject { ["days"] = streak.Current, ["day"] = DailyLedger.Iso(today) })
            : null;
    }

    private static (string Rule, string Key, string Type, JsonObject Payload)? WeeklyGoalWarning(GameSettings settings, List<DayTotal> days, DateOnly today)
    {
        if (settings.Goal is not { } goal)
            return null;
        var week = StreakRules.WeekStart(today);
        var progress = days.Where(d => d.Day >= week && d.Day < week.AddDays(7)).Sum(d => goal.AmountOf(d.DistanceM, d.MovingMs));
        return progress < goal.Amount
            ? (WeeklyGoalAtRiskRule, DailyLedger.Iso(week), AchievementTypes.WeeklyGoalAtRisk, DailyLedger.WeeklyGoalPayload(week, goal, progress))
            : null;
    }

    private async Task<int> WarnAsync(Guid athleteId, DateTimeOffset now,
        Func<GameSettings, List<DayTotal>, DateOnly, (string Rule, string Key, string Type, JsonObject Payload)?> warning, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if ((await ErasedAthletes.GuardAsync(connection, transaction, database.Schema, [athleteId], cancellationToken)).Contains(athleteId))
            return 0;
        var settings = await StreakStore.SettingsOfAsync(connection, transaction, athleteId, cancellationToken);
        var days = await StreakStore.DaysAsync(connection, transaction, athleteId, cancellationToken);
        if (warning(settings, days, DateOnly.FromDateTime(settings.LocalTime(now))) is not { } found)
            return 0;
        var award = new AwardCandidate(athleteId, found.Rule, found.Key, 0, Guid.Empty, Sport.Other, now.ToUnixTimeMilliseconds());
        var store = new ProgressStore(connection, transaction);
        if ((await store.InsertAwardsAsync([award], cancellationToken)).Count == 0)
            return 0;
        await store.EnqueueAsync([new Achievement(award.AchievementId, athleteId, found.Type, award.AwardedAt, found.Payload)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return 1;
    }

    private async Task<List<Guid>> AthletesAsync(string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = PostgresCommands.Create(database.DataSource, sql, values);
        var athletes = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            athletes.Add(reader.GetGuid(0));
        return athletes;
    }

    /// <summary>Athletes active in the last days but not yet today, past <c>$2</c> o'clock in their zone, not warned today.</summary>
    private const string StreakCandidatesSql = """
        WITH recent AS (
            SELECT DISTINCT athlete_id FROM (
                SELECT athlete_id, day FROM gamification.daily_activity
                WHERE day >= ($1::timestamptz AT TIME ZONE 'UTC')::date - 4
                GROUP BY athlete_id, day HAVING sum(moving_ms) >= $3) active
        ), local AS (
            SELECT r.athlete_id, $1::timestamptz AT TIME ZONE coalesce(s.time_zone, 'UTC') AS local_now
            FROM recent r LEFT JOIN gamification.game_settings s USING (athlete_id)
        )
        SELECT athlete_id FROM local l
        WHERE extract(hour FROM l.local_now) >= $2
          AND NOT EXISTS (SELECT 1 FROM gamification.daily_activity d WHERE d.athlete_id = l.athlete_id AND d.day = l.local_now::date
                          HAVING sum(d.moving_ms) >= $3)
          AND NOT EXISTS (SELECT 1 FROM gamification.awards a
                          WHERE a.athlete_id = l.athlete_id AND a.rule = 'streak-at-risk' AND a.key = to_char(l.local_now, 'YYYY-MM-DD'))
        """;

    /// <summary>Athletes with a weekly goal on the week's last day, past <c>$2</c> o'clock, neither kept nor warned this week.</summary>
    private const string WeeklyGoalCandidatesSql = """
        WITH local AS (
            SELECT athlete_id, $1::timestamptz AT TIME ZONE time_zone AS local_now
            FROM gamification.game_settings WHERE weekly_goal IS NOT NULL
        )
        SELECT athlete_id FROM local l
        WHERE extract(isodow FROM l.local_now) = 7 AND extract(hour FROM l.local_now) >= $2
          AND NOT EXISTS (SELECT 1 FROM gamification.awards a
                          WHERE a.athlete_id = l.athlete_id AND a.rule IN ('weekly-goal', 'weekly-goal-at-risk')
                            AND a.key = to_char(date_trunc('week', l.local_now), 'YYYY-MM-DD'))
        """;
}
