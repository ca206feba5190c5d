using FitnessDriver.Contracts;
using FitnessDriver.Postgres;
using Npgsql;

namespace FitnessDriver.Gamification.Challenges;

/// <summary>Reads and writes participations inside the progress consumer's transaction.</summary>
internal static class ChallengeStore
{
    public static async Task<List<Participation>> LockOpenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] athleteIds, CancellationToken cancellationToken)
    {
        var participations = new List<Participation>();
        if (athleteIds.Length == 0)
            return participations;
        await using var command = new NpgsqlCommand("""
            SELECT p.challenge_id, p.athlete_id, c.name, c.sport, c.goal, c.starts_at, c.ends_at, p.joined_at, p.amount, c.metric
            FROM gamification.challenge_participants p JOIN gamification.challenges c USING (challenge_id)
            WHERE p.athlete_id = ANY($1) AND p.finished_at IS NULL
            ORDER BY p.challenge_id, p.athlete_id
            FOR UPDATE OF p
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = athleteIds });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var sport = SportNames.TryParse(reader.GetString(3), out var parsed) ? parsed : Sport.Other;
            participations.Add(new Participation(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), sport, ChallengeMetrics.Parse(reader.GetString(9)),
                reader.GetDouble(4), Ms(reader.GetDateTime(5)), Ms(reader.GetDateTime(6)), Ms(reader.GetDateTime(7))) { Amount = reader.GetDouble(8) });
        }

        return participations;
    }

    public static async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<Participation> participations, CancellationToken cancellationToken)
    {
        if (participations.Count == 0)
            return;
        await using var command = new NpgsqlCommand("""
            UPDATE gamification.challenge_participants p SET amount = u.amount, finished_at = u.finished_at
            FROM unnest($1::uuid[], $2::uuid[], $3::float8[], $4::timestamptz[]) AS u(challenge_id, athlete_id, amount, finished_at)
            WHERE p.challenge_id = u.challenge_id AND p.athlete_id = u.athlete_id
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = participations.Select(p => p.ChallengeId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = participations.Select(p => p.AthleteId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = participations.Select(p => p.Amount).ToArray() });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = participations.Select(p => p.FinishedAt is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f).UtcDateTime : (DateTime?)null).ToArray(),
            NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz,
        });
        await command.ExecuteNonQueryAsync(cancellationToken);
        var contributions = participations.SelectMany(p => p.Contributions.Select(c => (p.ChallengeId, p.AthleteId, ActivityId: c.Key, c.Value.Amount, c.Value.Counted))).ToList();
        if (contributions.Count > 0)
        {
            await PostgresCommands.ExecuteAsync(connection, transaction, """
                INSERT INTO gamification.challenge_contributions AS c (challenge_id, athlete_id, activity_id, amount, counted)
                SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::float8[], $5::bool[])
                ON CONFLICT (challenge_id, athlete_id, activity_id) DO UPDATE SET amount = c.amount + EXCLUDED.amount
                """, cancellationToken, contributions.Select(c => c.ChallengeId).ToArray(), contributions.Select(c => c.AthleteId).ToArray(),
                contributions.Select(c => c.ActivityId).ToArray(), contributions.Select(c => c.Amount).ToArray(), contributions.Select(c => c.Counted).ToArray());
        }
    }

    /// <summary>
    /// Makes an activity's contributions count toward its athlete's challenges, or not: what it brought is added to or
    /// withdrawn from each, active days are counted again, and a finish that no longer holds is undone. An implausible
    /// activity never counts. A day is active with <paramref name="activeDayMs"/> of moving time.
    /// </summary>
    public static async Task SetCountedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid activityId, Guid athleteId, bool counted,
        long activeDayMs, CancellationToken cancellationToken)
    {
        // The athlete's entries are locked in the order the progress consumer locks them, before any is changed.
        await PostgresCommands.ExecuteAsync(connection, transaction,
            "SELECT 1 FROM gamification.challenge_participants WHERE athlete_id = $1 ORDER BY challenge_id FOR UPDATE", cancellationToken, athleteId);
        await PostgresCommands.ExecuteAsync(connection, transaction, """
            WITH target AS (
                SELECT $3 AND NOT EXISTS (SELECT 1 FROM gamification.activity_progress WHERE activity_id = $1 AND implausible) AS counted
            ), flipped AS (
                UPDATE gamification.challenge_contributions c SET counted = t.counted
                FROM target t
                WHERE c.activity_id = $1 AND c.athlete_id = $2 AND c.counted <> t.counted
                RETURNING c.challenge_id, c.athlete_id, CASE WHEN t.counted THEN c.amount ELSE -c.amount END AS change
            )
            UPDATE gamification.challenge_participants p
            SET amount = greatest(0, p.amount + f.change),
                finished_at = CASE WHEN greatest(0, p.amount + f.change) >= c.goal THEN coalesce(p.finished_at, now()) END
            FROM flipped f JOIN gamification.challenges c USING (challenge_id)
            WHERE p.challenge_id = f.challenge_id AND p.athlete_id = f.athlete_id
            """, cancellationToken, activityId, athleteId, counted);
        await RecountActiveDaysAsync(connection, transaction, athleteId, activeDayMs, cancellationToken);
    }

    /// <summary>Counts an athlete's active days in each active-days challenge they are in again (after an activity stopped or started counting).</summary>
    public static Task RecountActiveDaysAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid athleteId, long activeDayMs,
        CancellationToken cancellationToken) =>
        PostgresCommands.ExecuteAsync(connection, transaction, $"""
            UPDATE gamification.challenge_participants p
            SET amount = d.days, finished_at = CASE WHEN d.days >= d.goal THEN coalesce(p.finished_at, now()) END
            FROM ({ActiveDaysSql}) d
            WHERE p.challenge_id = d.challenge_id AND p.athlete_id = d.athlete_id AND p.amount <> d.days
            """, cancellationToken, new[] { athleteId }, activeDayMs);

    /// <summary>The active days each of <paramref name="athleteIds"/> has in each active-days challenge they are in.</summary>
    public static async Task<Dictionary<(Guid ChallengeId, Guid AthleteId), int>> CountActiveDaysAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Guid[] athleteIds, long activeDayMs, CancellationToken cancellationToken)
    {
        var days = new Dictionary<(Guid, Guid), int>();
        await using var command = PostgresCommands.Create(connection, transaction, ActiveDaysSql, athleteIds, activeDayMs);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            days[(reader.GetGuid(0), reader.GetGuid(1))] = reader.GetInt32(2);
        return days;
    }

    /// <summary>
    /// Per participation of the athletes in <c>$1</c> in an active-days challenge: the days, in the athlete's time zone, from
    /// the day they joined (or it started) to the day of its last moment (one ending at midnight ends the day before), on which their counted activities of its sport moved at
    /// least <c>$2</c> milliseconds.
    /// </summary>
    private const string ActiveDaysSql = """
        SELECT p.challenge_id, p.athlete_id, (
            SELECT count(*)::int FROM (
                SELECT d.day FROM gamification.daily_activity d
                JOIN gamification.activity_progress a ON a.activity_id = d.activity_id
                JOIN gamification.activity_visibility v ON v.activity_id = d.activity_id
                WHERE d.athlete_id = p.athlete_id AND a.sport = c.sport AND NOT a.implausible AND v.visibility = 'everyone'
                  AND d.day BETWEEN (greatest(c.starts_at, p.joined_at) AT TIME ZONE z.tz)::date AND ((c.ends_at - interval '1 microsecond') AT TIME ZONE z.tz)::date
                GROUP BY d.day HAVING sum(d.moving_ms) >= $2) active) AS days, c.goal
        FROM gamification.challenge_participants p
        JOIN gamification.challenges c USING (challenge_id)
        CROSS JOIN LATERAL (SELECT coalesce((SELECT time_zone FROM gamification.game_settings s WHERE s.athlete_id = p.athlete_id), 'UTC') AS tz) z
        WHERE p.athlete_id = ANY($1) AND c.metric = 'active-days'
        """;

    /// <summary>
    /// The visibility of each activity: as stored (the latest known), or else as its batch says, which is then stored.
    /// Rows are share-locked so a change of visibility waits for this transaction and then sees its contributions.
    /// </summary>
    public static async Task<Dictionary<Guid, string>> VisibilityOfAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyCollection<(Guid ActivityId, Guid AthleteId, Visibility Visibility)> batches, CancellationToken cancellationToken)
    {
        var visibilities = new Dictionary<Guid, string>();
        if (batches.Count == 0)
            return visibilities;
        await PostgresCommands.ExecuteAsync(connection, transaction, """
            INSERT INTO gamification.activity_visibility (activity_id, athlete_id, visibility)
            SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[]) ORDER BY 1
            ON CONFLICT (activity_id) DO NOTHING
            """, cancellationToken, batches.Select(b => b.ActivityId).ToArray(), batches.Select(b => b.AthleteId).ToArray(), batches.Select(b => b.Visibility.ToName()).ToArray());
        await using var command = PostgresCommands.Create(connection, transaction,
            "SELECT activity_id, visibility FROM gamification.activity_visibility WHERE activity_id = ANY($1) ORDER BY activity_id FOR SHARE",
            batches.Select(b => b.ActivityId).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            visibilities[reader.GetGuid(0)] = reader.GetString(1);
        return visibilities;
    }

    private static long Ms(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
}
