using System.Text.Json.Nodes;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Gamification.Rules;
using FitnessDriver.Postgres;
using Npgsql;

namespace FitnessDriver.Gamification.Segments;

/// <summary>
/// Stores the efforts a batch completed, in the progress consumer's transaction, and finds what to announce: whether it
/// is the athlete's best on the segment and its rank among the other athletes' bests. Two devices of one activity timing
/// the same pass make one effort, the faster, announced once.
/// </summary>
internal static class SegmentEfforts
{
    public const string Rule = "segment";

    /// <summary>An effort to announce, once its award is new.</summary>
    public sealed record Finished(AwardCandidate Award, Guid SegmentId, string Name, int ElapsedMs, bool PersonalBest, long? Rank, long? Athletes);

    public static async Task<List<Finished>> RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SegmentIndex.Snapshot index,
        IReadOnlyList<SegmentPass> passes, IReadOnlyDictionary<Guid, ActivityProgress> activities, double flagImplausibleAfterM, CancellationToken cancellationToken)
    {
        var finished = new List<Finished>();
        foreach (var pass in passes)
        {
            var activity = activities[pass.ActivityId];
            if (index.Find(pass.SegmentId) is not { } course || !await ExistsAsync(connection, transaction, pass.SegmentId, cancellationToken))
                continue;
            var startedAt = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(pass.StartT)).UtcDateTime;
            if (!await InsertAsync(connection, transaction, pass, activity.AthleteId, startedAt, cancellationToken))
                continue;
            var personalBest = await PersonalBestAsync(connection, transaction, pass, activity.AthleteId, startedAt, cancellationToken);
            var counted = !activity.IsImplausible(flagImplausibleAfterM) && await IsPublicAsync(connection, transaction, pass.ActivityId, cancellationToken);
            var (rank, athletes) = counted ? await RankAsync(connection, transaction, pass, activity.AthleteId, cancellationToken) : (null, null);
            var award = new AwardCandidate(activity.AthleteId, Rule, $"{pass.SegmentId}:{pass.ActivityId}:{startedAt.Ticks}", 0, pass.ActivityId, activity.Sport,
                (long)pass.EndT, activity.Imported);
            finished.Add(new Finished(award, pass.SegmentId, course.Name, pass.ElapsedMs, personalBest, rank, athletes));
        }

        return finished;
    }

    /// <summary>The announcement: <c>{ segmentId, name, elapsedS, display, personalBest, rank?, athletes?, activityId }</c>.</summary>
    public static Achievement Announce(Finished effort)
    {
        ArgumentNullException.ThrowIfNull(effort);
        var payload = new JsonObject
        {
            ["segmentId"] = effort.SegmentId.ToString(),
            ["name"] = effort.Name,
            ["elapsedS"] = Math.Round(effort.ElapsedMs / 1000.0, 1),
            ["display"] = ElapsedText.Of(effort.ElapsedMs / 1000.0),
            ["personalBest"] = effort.PersonalBest,
            ["activityId"] = effort.Award.ActivityId.ToString(),
        };
        if (effort.Rank is { } rank)
        {
            payload["rank"] = rank;
            payload["athletes"] = effort.Athletes;
        }

        return AchievementFactory.MarkImported(effort.Award,
            new Achievement(effort.Award.AchievementId, effort.Award.AthleteId, AchievementTypes.SegmentFinished, effort.Award.AwardedAt, payload));
    }

    /// <summary>Whether the segment is still there (it may have been deleted since the snapshot was taken); it stays so until the batch commits.</summary>
    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid segmentId, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, transaction,
            "SELECT 1 FROM gamification.segments WHERE segment_id = $1 AND NOT deleted FOR SHARE", segmentId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>
    /// Inserts the effort unless a pass of the same activity overlaps it (another device timing the same pass, or the same
    /// batch delivered again), in which case the faster stays. True when it is a new effort.
    /// </summary>
    private static async Task<bool> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SegmentPass pass, Guid athleteId, DateTime startedAt,
        CancellationToken cancellationToken)
    {
        var endedAt = startedAt.AddMilliseconds(pass.ElapsedMs);
        await using (var overlap = PostgresCommands.Create(connection, transaction, """
            SELECT started_at, elapsed_ms FROM gamification.segment_efforts
            WHERE segment_id = $1 AND activity_id = $2 AND started_at <= $4 AND started_at + elapsed_ms * interval '1 millisecond' >= $3
            LIMIT 1 FOR UPDATE
            """, pass.SegmentId, pass.ActivityId, startedAt, endedAt))
        {
            await using var reader = await overlap.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var (existingStart, existingMs) = (reader.GetDateTime(0), reader.GetInt32(1));
                await reader.DisposeAsync();
                if (pass.ElapsedMs < existingMs)
                {
                    await PostgresCommands.ExecuteAsync(connection, transaction, """
                        UPDATE gamification.segment_efforts SET started_at = $4, elapsed_ms = $5
                        WHERE segment_id = $1 AND activity_id = $2 AND started_at = $3
                        """, cancellationToken, pass.SegmentId, pass.ActivityId, existingStart, startedAt, pass.ElapsedMs);
                }

                return false;
            }
        }

        await PostgresCommands.ExecuteAsync(connection, transaction, """
            INSERT INTO gamification.segment_efforts (segment_id, activity_id, started_at, athlete_id, elapsed_ms) VALUES ($1, $2, $3, $4, $5)
            """, cancellationToken, pass.SegmentId, pass.ActivityId, startedAt, athleteId, pass.ElapsedMs);
        return true;
    }

    private static async Task<bool> PersonalBestAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SegmentPass pass, Guid athleteId, DateTime startedAt,
        CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, transaction, """
            SELECT NOT EXISTS (SELECT 1 FROM gamification.segment_efforts WHERE segment_id = $1 AND athlete_id = $2 AND elapsed_ms <= $3
                AND (activity_id, started_at) <> ($4, $5))
            """, pass.SegmentId, athleteId, pass.ElapsedMs, pass.ActivityId, startedAt);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<bool> IsPublicAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid activityId, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, transaction,
            "SELECT NOT EXISTS (SELECT 1 FROM gamification.activity_visibility WHERE activity_id = $1 AND visibility <> 'everyone')", activityId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>1 + the other athletes with a faster counted effort, and how many athletes have one (the caller included).</summary>
    private static async Task<(long?, long?)> RankAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SegmentPass pass, Guid athleteId,
        CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, transaction, $"""
            SELECT 1 + count(DISTINCT e.athlete_id) FILTER (WHERE e.elapsed_ms < $2 AND e.athlete_id <> $3), count(DISTINCT e.athlete_id)
            {SegmentStore.CountedEfforts}
            """, pass.SegmentId, pass.ElapsedMs, athleteId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), Math.Max(1, reader.GetInt64(1)));
    }
}
