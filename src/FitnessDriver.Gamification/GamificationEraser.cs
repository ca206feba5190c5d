using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Erasure;
using Npgsql;

namespace FitnessDriver.Gamification;

/// <summary>
/// Deletes an athlete's XP and level, activity progress and device tracks, awards, challenge entries (leaderboards
/// drop them) and achievements not yet published. Challenges they created stay for the others in them, without a creator.
/// </summary>
public sealed class GamificationEraser(GamificationDatabase database) : IAthleteEraser
{
    /// <inheritdoc />
    public ServiceDatabase Database => database;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> EraseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid athleteId, CancellationToken cancellationToken)
    {
        async Task<long> ExecuteAsync(string sql) => await PostgresCommands.ExecuteAsync(connection, transaction, sql, cancellationToken, athleteId);
        return new Dictionary<string, long>
        {
            ["segments"] = await Segments.SegmentStore.DeleteAsync(connection, transaction, "athlete_id = $1", athleteId, cancellationToken),
            ["segmentEfforts"] = await ExecuteAsync("DELETE FROM gamification.segment_efforts WHERE athlete_id = $1"),
            ["segmentAttempts"] = await ExecuteAsync("""
                DELETE FROM gamification.segment_attempts WHERE activity_id IN (SELECT activity_id FROM gamification.activity_progress WHERE athlete_id = $1)
                """),
            ["deviceTracks"] = await ExecuteAsync("""
                DELETE FROM gamification.device_tracks WHERE activity_id IN (SELECT activity_id FROM gamification.activity_progress WHERE athlete_id = $1)
                """),
            ["activities"] = await ExecuteAsync("DELETE FROM gamification.activity_progress WHERE athlete_id = $1"),
            ["awards"] = await ExecuteAsync("DELETE FROM gamification.awards WHERE athlete_id = $1"),
            ["personalRecords"] = await ExecuteAsync("DELETE FROM gamification.personal_records WHERE athlete_id = $1"),
            ["challengeEntries"] = await ExecuteAsync("DELETE FROM gamification.challenge_participants WHERE athlete_id = $1"),
            ["challengeContributions"] = await ExecuteAsync("DELETE FROM gamification.challenge_contributions WHERE athlete_id = $1"),
            ["activityVisibility"] = await ExecuteAsync("DELETE FROM gamification.activity_visibility WHERE athlete_id = $1"),
            ["unpublishedAchievements"] = await ExecuteAsync("DELETE FROM gamification.outbox WHERE athlete_id = $1"),
            ["progress"] = await ExecuteAsync("DELETE FROM gamification.athlete_progress WHERE athlete_id = $1"),
            ["days"] = await ExecuteAsync("DELETE FROM gamification.daily_activity WHERE athlete_id = $1"),
            ["gameSettings"] = await ExecuteAsync("DELETE FROM gamification.game_settings WHERE athlete_id = $1"),
            ["zones"] = await ExecuteAsync("DELETE FROM gamification.athlete_zones WHERE athlete_id = $1"),
            ["challengesUnlinked"] = await ExecuteAsync("UPDATE gamification.challenges SET created_by = '00000000-0000-0000-0000-000000000000' WHERE created_by = $1"),
        };
    }
}
