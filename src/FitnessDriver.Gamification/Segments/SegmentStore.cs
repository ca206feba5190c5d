using FitnessDriver.Contracts;
using FitnessDriver.Postgres;
using FitnessDriver.ServiceDefaults.Privacy;
using Npgsql;

namespace FitnessDriver.Gamification.Segments;

/// <summary>A segment as stored.</summary>
internal sealed record SegmentRow(Guid SegmentId, Guid AthleteId, Sport Sport, string Name, List<(double Lat, double Lon)> Path, double DistanceM, DateTime CreatedAt);

/// <summary>One athlete's best counted effort, with its place (1, 2, 3 …) and rank (ties share one).</summary>
internal sealed record SegmentBest(Guid AthleteId, int ElapsedMs, Guid ActivityId, DateTime StartedAt, long Rank);

/// <summary>An effort as the athlete lists it.</summary>
internal sealed record SegmentEffortRow(Guid SegmentId, string Name, Guid ActivityId, DateTime StartedAt, int ElapsedMs);

/// <summary>Segments and their efforts, for the API.</summary>
internal static class SegmentStore
{
    /// <summary>
    /// The efforts of segment <c>$1</c> that count for its leaderboard: those of plausible activities visible to everyone
    /// (the same activities that count toward challenges).
    /// </summary>
    public const string CountedEfforts = """
        FROM gamification.segment_efforts e
        JOIN gamification.activity_progress p ON p.activity_id = e.activity_id AND NOT p.implausible
        WHERE e.segment_id = $1
          AND NOT EXISTS (SELECT 1 FROM gamification.activity_visibility v WHERE v.activity_id = e.activity_id AND v.visibility <> 'everyone')
        """;

    /// <summary>The sport of the athlete's activity and whether it was found implausible; null before its first samples were counted.</summary>
    public static async Task<(Sport Sport, bool Implausible)?> ActivityAsync(NpgsqlConnection connection, Guid activityId, Guid athleteId, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, null,
            "SELECT sport, implausible FROM gamification.activity_progress WHERE activity_id = $1 AND athlete_id = $2", activityId, athleteId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return (SportNames.TryParse(reader.GetString(0), out var sport) ? sport : Sport.Other, reader.GetBoolean(1));
    }

    public static async Task<SegmentRow> CreateAsync(NpgsqlConnection connection, byte[] key, Guid athleteId, Guid activityId, Sport sport, string name,
        List<(double Lat, double Lon)> path, double distanceM, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var (sealedName, sealedPath) = SegmentSeal.Seal(key, athleteId, name, path);
        await using var command = PostgresCommands.Create(connection, null, """
            INSERT INTO gamification.segments (segment_id, athlete_id, activity_id, sport, sealed_name, sealed_path, distance_m) VALUES ($1, $2, $3, $4, $5, $6, $7)
            RETURNING created_at
            """, id, athleteId, activityId, sport.ToName(), sealedName, sealedPath, distanceM);
        var createdAt = (DateTime)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new SegmentRow(id, athleteId, sport, name, path, distanceM, createdAt);
    }

    /// <summary>A segment, null when there is none or its maker was erased.</summary>
    public static async Task<SegmentRow?> FindAsync(NpgsqlConnection connection, IAthleteKeys keys, Guid segmentId, CancellationToken cancellationToken) =>
        (await ReadAsync(connection, keys, "segment_id = $1", segmentId, cancellationToken)).FirstOrDefault();

    /// <summary>The segments <paramref name="athleteId"/> made, newest first.</summary>
    public static Task<List<SegmentRow>> OfAthleteAsync(NpgsqlConnection connection, IAthleteKeys keys, Guid athleteId, CancellationToken cancellationToken) =>
        ReadAsync(connection, keys, "athlete_id = $1", athleteId, cancellationToken);

    /// <summary>
    /// Deletes a segment with its efforts and attempts. The row stays as a change without its path, name or maker, so that every
    /// consumer replica drops the segment.
    /// </summary>
    public static async Task<long> DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string where, Guid id, CancellationToken cancellationToken)
    {
        var deleted = new List<Guid>();
        await using (var command = PostgresCommands.Create(connection, transaction, $"""
            UPDATE gamification.segments SET deleted = true, sealed_name = '\x', sealed_path = '\x', athlete_id = NULL, activity_id = NULL,
                seq = nextval('gamification.segment_changes')
            WHERE {where} AND NOT deleted RETURNING segment_id
            """, id))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                deleted.Add(reader.GetGuid(0));
        }

        if (deleted.Count > 0)
        {
            await PostgresCommands.ExecuteAsync(connection, transaction, "DELETE FROM gamification.segment_efforts WHERE segment_id = ANY($1)", cancellationToken, deleted.ToArray());
            await PostgresCommands.ExecuteAsync(connection, transaction, "DELETE FROM gamification.segment_attempts WHERE segment_id = ANY($1)", cancellationToken, deleted.ToArray());
        }

        return deleted.Count;
    }

    /// <summary>
    /// A page of the leaderboard between <paramref name="from"/> and <paramref name="to"/>: from the top, or around
    /// <paramref name="around"/>'s place. Returns the page and how many athletes are on the board.
    /// </summary>
    public static async Task<(List<SegmentBest> Page, long Athletes)> LeaderboardAsync(NpgsqlConnection connection, Guid segmentId, DateTime from, DateTime to, int limit,
        Guid? around, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, null, $"""
            WITH best AS (
                SELECT DISTINCT ON (e.athlete_id) e.athlete_id, e.elapsed_ms, e.activity_id, e.started_at
                {CountedEfforts} AND e.started_at >= $2 AND e.started_at < $3
                ORDER BY e.athlete_id, e.elapsed_ms, e.started_at
            ), ranked AS (
                SELECT *, rank() OVER (ORDER BY elapsed_ms) AS rank, row_number() OVER (ORDER BY elapsed_ms, started_at, athlete_id) AS place,
                       count(*) OVER () AS athletes
                FROM best
            )
            SELECT athlete_id, elapsed_ms, activity_id, started_at, rank, athletes FROM ranked
            WHERE place > greatest(0, coalesce((SELECT place FROM ranked WHERE athlete_id = $5) - $4 / 2 - 1, 0))
            ORDER BY place LIMIT $4
            """, segmentId, from, to, limit, OptionalId(around));
        var page = new List<SegmentBest>();
        long athletes = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(new SegmentBest(reader.GetGuid(0), reader.GetInt32(1), reader.GetGuid(2), reader.GetDateTime(3), reader.GetInt64(4)));
            athletes = reader.GetInt64(5);
        }

        return (page, athletes);
    }

    /// <summary>The athlete's efforts, newest first, of one activity or one segment when given.</summary>
    public static async Task<List<SegmentEffortRow>> EffortsOfAsync(NpgsqlConnection connection, IAthleteKeys keys, Guid athleteId, Guid? activityId, Guid? segmentId,
        SegmentEffortCursor? after, int limit, CancellationToken cancellationToken)
    {
        var found = new List<(Guid SegmentId, Guid? Maker, byte[] Name, Guid ActivityId, DateTime StartedAt, int ElapsedMs)>();
        await using (var command = PostgresCommands.Create(connection, null, """
            SELECT e.segment_id, s.athlete_id, s.sealed_name, e.activity_id, e.started_at, e.elapsed_ms
            FROM gamification.segment_efforts e JOIN gamification.segments s ON s.segment_id = e.segment_id
            WHERE e.athlete_id = $1 AND ($2::uuid IS NULL OR e.activity_id = $2) AND ($3::uuid IS NULL OR e.segment_id = $3)
              AND ($5::timestamptz IS NULL OR (e.started_at, e.segment_id, e.activity_id) < ($5, $6, $7))
            ORDER BY e.started_at DESC, e.segment_id DESC, e.activity_id DESC LIMIT $4
            """, athleteId, OptionalId(activityId), OptionalId(segmentId), limit,
            new NpgsqlParameter { Value = (object?)after?.StartedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz },
            OptionalId(after?.SegmentId), OptionalId(after?.ActivityId)))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add((reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), (byte[])reader[2], reader.GetGuid(3), reader.GetDateTime(4),
                    reader.GetInt32(5)));
            }
        }

        var efforts = new List<SegmentEffortRow>();
        foreach (var effort in found)
        {
            // The effort is the athlete's own; the segment's name stays its maker's, unreadable once they are erased.
            var key = effort.Maker is { } maker ? await keys.FindAsync(maker, cancellationToken) : null;
            efforts.Add(new SegmentEffortRow(effort.SegmentId, key is null ? "" : SegmentSeal.OpenName(key, effort.Name), effort.ActivityId, effort.StartedAt,
                effort.ElapsedMs));
        }

        return efforts;
    }

    private static NpgsqlParameter OptionalId(Guid? id) => new() { Value = (object?)id ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid };

    private static async Task<List<SegmentRow>> ReadAsync(NpgsqlConnection connection, IAthleteKeys keys, string where, Guid id, CancellationToken cancellationToken)
    {
        var found = new List<(Guid Id, Guid AthleteId, string Sport, byte[] Name, byte[] Path, double DistanceM, DateTime CreatedAt)>();
        await using (var command = PostgresCommands.Create(connection, null, $"""
            SELECT segment_id, athlete_id, sport, sealed_name, sealed_path, distance_m, created_at FROM gamification.segments
            WHERE {where} AND NOT deleted ORDER BY created_at DESC, segment_id
            """, id))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                found.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), (byte[])reader[3], (byte[])reader[4], reader.GetDouble(5), reader.GetDateTime(6)));
        }

        var rows = new List<SegmentRow>();
        foreach (var segment in found)
        {
            if (await keys.FindAsync(segment.AthleteId, cancellationToken) is not { } key)
                continue;
            rows.Add(new SegmentRow(segment.Id, segment.AthleteId, SportNames.TryParse(segment.Sport, out var sport) ? sport : Sport.Other,
                SegmentSeal.OpenName(key, segment.Name), SegmentSeal.OpenPath(key, segment.Path), segment.DistanceM, segment.CreatedAt));
        }

        return rows;
    }
}
