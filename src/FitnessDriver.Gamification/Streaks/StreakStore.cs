using FitnessDriver.Postgres;
using Npgsql;

namespace FitnessDriver.Gamification.Streaks;

/// <summary>An athlete's totals for one local day, over all their activities.</summary>
public readonly record struct DayTotal(DateOnly Day, double DistanceM, long MovingMs);

/// <summary>Game settings and daily totals in the database.</summary>
internal static class StreakStore
{
    public static async Task<Dictionary<Guid, GameSettings>> FindSettingsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid[] athleteIds,
        CancellationToken cancellationToken)
    {
        var settings = new Dictionary<Guid, GameSettings>();
        await using var command = PostgresCommands.Create(connection, transaction,
            "SELECT athlete_id, time_zone, weekly_goal_metric, weekly_goal FROM gamification.game_settings WHERE athlete_id = ANY($1)", athleteIds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var goal = reader.IsDBNull(2) || reader.IsDBNull(3) ? null : new WeeklyGoal(reader.GetString(2) == WeeklyGoal.DistanceMetric, reader.GetDouble(3));
            settings[reader.GetGuid(0)] = new GameSettings(reader.GetString(1), goal);
        }

        return settings;
    }

    /// <summary>One athlete's settings, or the defaults.</summary>
    public static async Task<GameSettings> SettingsOfAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid athleteId,
        CancellationToken cancellationToken) =>
        (await FindSettingsAsync(connection, transaction, [athleteId], cancellationToken)).GetValueOrDefault(athleteId, GameSettings.Default);

    public static Task SaveSettingsAsync(NpgsqlConnection connection, Guid athleteId, GameSettings settings, CancellationToken cancellationToken) =>
        PostgresCommands.ExecuteAsync(connection, null, """
            INSERT INTO gamification.game_settings (athlete_id, time_zone, weekly_goal_metric, weekly_goal) VALUES ($1, $2, $3, $4)
            ON CONFLICT (athlete_id) DO UPDATE SET time_zone = EXCLUDED.time_zone, weekly_goal_metric = EXCLUDED.weekly_goal_metric,
                weekly_goal = EXCLUDED.weekly_goal
            """, cancellationToken, athleteId, settings.TimeZoneId, (object?)settings.Goal?.Metric ?? DBNull.Value, (object?)settings.Goal?.Amount ?? DBNull.Value);

    /// <summary>Whether PostgreSQL's own time zone database has <paramref name="zone"/> (the at-risk checks compute local times there).</summary>
    public static async Task<bool> DatabaseKnowsZoneAsync(NpgsqlConnection connection, string zone, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, null, "SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1)", zone);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>Every day of the athlete with anything recorded, in ascending order.</summary>
    public static async Task<List<DayTotal>> DaysAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid athleteId, CancellationToken cancellationToken)
    {
        var days = new List<DayTotal>();
        await using var command = PostgresCommands.Create(connection, transaction, """
            SELECT day, sum(distance_m), sum(moving_ms)::bigint FROM gamification.daily_activity WHERE athlete_id = $1 GROUP BY day ORDER BY day
            """, athleteId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            days.Add(new DayTotal(reader.GetFieldValue<DateOnly>(0), reader.GetDouble(1), reader.GetInt64(2)));
        return days;
    }
}
