using FitnessDriver.Gamification.Challenges;
using FitnessDriver.Gamification.Rules;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Deletion;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FitnessDriver.Gamification;

/// <summary>
/// Takes back what a deleted activity earned: its XP (the level follows), its awards and badges (which can be earned
/// again), its distance in challenges, and the personal records it held (the next best activity holds them again).
/// </summary>
public sealed class GamificationActivityEraser(GamificationDatabase database, IOptions<GamificationOptions> options) : IActivityEraser
{
    private readonly LevelCurve curve = new(options.Value.Levels);

    /// <inheritdoc />
    public ServiceDatabase Database => database;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid activityId, Guid athleteId,
        CancellationToken cancellationToken)
    {
        async Task<long> ExecuteAsync(string sql) => await PostgresCommands.ExecuteAsync(connection, transaction, sql, cancellationToken, activityId, athleteId);
        async Task<List<string?>> TextsAsync(string sql)
        {
            await using var command = PostgresCommands.Create(connection, transaction, sql, activityId, athleteId);
            var texts = new List<string?>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                texts.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
            return texts;
        }

        await ChallengeStore.SetCountedAsync(connection, transaction, activityId, athleteId, counted: false, options.Value.Streaks.ActiveDayMs, cancellationToken);
        await using (var update = PostgresCommands.Create(connection, transaction, """
            UPDATE gamification.athlete_progress p SET xp = greatest(0, p.xp - a.xp), updated_at = now()
            FROM (SELECT sum(xp) AS xp FROM gamification.awards WHERE activity_id = $1 AND athlete_id = $2) a
            WHERE p.athlete_id = $2 AND a.xp > 0
            RETURNING p.xp
            """, activityId, athleteId))
        {
            if (await update.ExecuteScalarAsync(cancellationToken) is long xp)
            {
                await PostgresCommands.ExecuteAsync(connection, transaction, "UPDATE gamification.athlete_progress SET level = $2 WHERE athlete_id = $1",
                    cancellationToken, athleteId, curve.LevelFor(xp));
            }
        }

        var badges = await TextsAsync("DELETE FROM gamification.awards WHERE activity_id = $1 AND athlete_id = $2 RETURNING CASE WHEN rule = 'badge' THEN key END");
        var records = await TextsAsync("DELETE FROM gamification.personal_records WHERE activity_id = $1 AND athlete_id = $2 RETURNING record");
        var deleted = new Dictionary<string, long>
        {
            ["awards"] = badges.Count,
            ["personalRecords"] = records.Count,
            ["challengeContributions"] = await ExecuteAsync("DELETE FROM gamification.challenge_contributions WHERE activity_id = $1 AND athlete_id = $2"),
            ["segmentEfforts"] = await ExecuteAsync("DELETE FROM gamification.segment_efforts WHERE activity_id = $1 AND athlete_id = $2"),
            ["segmentAttempts"] = await ExecuteAsync("""
                DELETE FROM gamification.segment_attempts WHERE activity_id = $1
                AND EXISTS (SELECT 1 FROM gamification.activity_progress WHERE activity_id = $1 AND athlete_id = $2)
                """),
            ["deviceTracks"] = await ExecuteAsync("""
                DELETE FROM gamification.device_tracks WHERE activity_id = $1
                AND EXISTS (SELECT 1 FROM gamification.activity_progress WHERE activity_id = $1 AND athlete_id = $2)
                """),
            ["activities"] = await ExecuteAsync("DELETE FROM gamification.activity_progress WHERE activity_id = $1 AND athlete_id = $2"),
            ["activityVisibility"] = await ExecuteAsync("DELETE FROM gamification.activity_visibility WHERE activity_id = $1 AND athlete_id = $2"),
            ["days"] = await ExecuteAsync("DELETE FROM gamification.daily_activity WHERE activity_id = $1 AND athlete_id = $2"),
        };
        await ChallengeStore.RecountActiveDaysAsync(connection, transaction, athleteId, options.Value.Streaks.ActiveDayMs, cancellationToken);

        // Only what this activity held goes to the next best: an athlete holds a few records and badges, not one per activity.
        if (records.Count > 0)
            await PersonalRecords.RestoreAsync(connection, transaction, athleteId, [.. records.OfType<string>()], cancellationToken);
        if (badges.Any(b => b is not null))
            await RestoreBadgesAsync(connection, transaction, athleteId, cancellationToken);
        return deleted;
    }

    /// <summary>
    /// A badge the deleted activity held goes to the earliest other activity that earns it (by the time it crossed the
    /// kilometre that earned it), under the same achievement id: it was announced before, so it is not announced again.
    /// </summary>
    private static async Task RestoreBadgesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid athleteId, CancellationToken cancellationToken)
    {
        var held = new HashSet<string>(StringComparer.Ordinal);
        var activities = new List<(Guid ActivityId, Contracts.Sport Sport, double DistanceM)>();
        await using (var select = PostgresCommands.Create(connection, transaction, """
            SELECT 'badge', key, 0 FROM gamification.awards WHERE athlete_id = $1 AND rule = 'badge'
            UNION ALL SELECT activity_id::text, sport, distance_m FROM gamification.activity_progress WHERE athlete_id = $1 AND NOT implausible
            """, athleteId))
        {
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetString(0) == "badge")
                    held.Add(reader.GetString(1));
                else if (Contracts.SportNames.TryParse(reader.GetString(1), out var sport))
                    activities.Add((Guid.Parse(reader.GetString(0)), sport, reader.GetDouble(2)));
            }
        }

        foreach (var badge in Badges.All.Where(b => !held.Contains(b.Id)))
        {
            var km = (int)Math.Ceiling(badge.DistanceM / 1000);
            var keys = activities.Where(a => badge.IsEarnedBy(a.Sport, a.DistanceM)).Select(a => $"{a.ActivityId}:{km}").ToArray();
            if (keys.Length == 0)
                continue;
            var award = new AwardCandidate(athleteId, AwardCandidate.BadgeRule, badge.Id, 0, Guid.Empty, Contracts.Sport.Other, 0);
            await PostgresCommands.ExecuteAsync(connection, transaction, """
                INSERT INTO gamification.awards (athlete_id, rule, key, xp, activity_id, achievement_id, awarded_at)
                SELECT athlete_id, $3, $4, 0, split_part(key, ':', 1)::uuid, $5, awarded_at FROM gamification.awards
                WHERE athlete_id = $1 AND rule = 'km' AND key = ANY($2)
                ORDER BY awarded_at, key LIMIT 1
                ON CONFLICT DO NOTHING
                """, cancellationToken, athleteId, keys, AwardCandidate.BadgeRule, badge.Id, award.AchievementId);
        }
    }
}
