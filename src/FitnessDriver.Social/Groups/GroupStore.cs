using FitnessDriver.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FitnessDriver.Social.Groups;

/// <summary>A group session's row.</summary>
public sealed record SessionRow(Guid SessionId, string Name, Guid? ClubId, Guid HostId, DateTime StartedAt, bool Live);

/// <summary>
/// Group sessions and their members. Whatever changes members locks their session's row first, as the consumers and
/// the updates do, so none of them waits for another in the opposite order.
/// </summary>
public sealed class GroupStore(SocialDatabase database, IOptions<GroupOptions> options)
{
    private const string SessionColumns = "s.session_id, s.name, s.club_id, s.host_id, s.started_at, s.ended_at IS NULL AND s.started_at > now() - $1";

    /// <summary>Starts a session with its host in it.</summary>
    public async Task<Guid> CreateAsync(Guid host, string name, Guid? clubId, CancellationToken cancellationToken)
    {
        var sessionId = Guid.NewGuid();
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await PostgresCommands.ExecuteAsync(connection, transaction, "INSERT INTO social.group_sessions (session_id, name, club_id, host_id) VALUES ($1, $2, $3, $4)",
            cancellationToken, sessionId, name, (object?)clubId ?? DBNull.Value, host);
        await PostgresCommands.ExecuteAsync(connection, transaction, "INSERT INTO social.group_members (session_id, athlete_id) VALUES ($1, $2)", cancellationToken, sessionId, host);
        await transaction.CommitAsync(cancellationToken);
        return sessionId;
    }

    /// <summary>The session, or null when there is none.</summary>
    public async Task<SessionRow?> FindAsync(Guid sessionId, CancellationToken cancellationToken) =>
        (await SessionsAsync("s.session_id = $2", cancellationToken, sessionId)).FirstOrDefault();

    /// <summary>The live sessions the athlete is in.</summary>
    public Task<List<SessionRow>> MineAsync(Guid athleteId, CancellationToken cancellationToken) => SessionsAsync("""
        s.ended_at IS NULL AND s.started_at > now() - $1
        AND s.session_id IN (SELECT session_id FROM social.group_members WHERE athlete_id = $2 AND left_at IS NULL) ORDER BY s.started_at DESC
        """, cancellationToken, athleteId);

    /// <summary>Whether the athlete is in the session now (<c>true</c>), was (<c>false</c>) or never was (null).</summary>
    public async Task<bool?> MembershipAsync(Guid sessionId, Guid athleteId, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, "SELECT left_at IS NULL FROM social.group_members WHERE session_id = $1 AND athlete_id = $2",
            sessionId, athleteId);
        return (bool?)await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Whether the athlete blocks, or is blocked by, the host or anyone in the session.</summary>
    public async Task<bool> BlockedAsync(Guid sessionId, Guid athleteId, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, """
            SELECT EXISTS (
                SELECT 1 FROM social.blocks b
                JOIN (SELECT host_id AS athlete_id FROM social.group_sessions WHERE session_id = $1
                      UNION SELECT athlete_id FROM social.group_members WHERE session_id = $1 AND left_at IS NULL) o
                  ON (b.blocker = o.athlete_id AND b.blocked = $2) OR (b.blocker = $2 AND b.blocked = o.athlete_id))
            """, sessionId, athleteId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Another live session the athlete is in, if any: an athlete races in one at a time.</summary>
    public async Task<Guid?> OtherSessionAsync(Guid athleteId, Guid? except, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, """
            SELECT m.session_id FROM social.group_members m JOIN social.group_sessions s USING (session_id)
            WHERE m.athlete_id = $2 AND m.left_at IS NULL AND s.ended_at IS NULL AND s.started_at > now() - $1 AND m.session_id IS DISTINCT FROM $3 LIMIT 1
            """, options.Value.MaxDuration, athleteId, (object?)except ?? DBNull.Value);
        command.Parameters[2].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid;
        return (Guid?)await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>
    /// Joins (or joins again), naming the activity when given (one already bound stays); false when the session is full.
    /// </summary>
    public async Task<bool> JoinAsync(Guid sessionId, Guid athleteId, Guid? activityId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, sessionId, cancellationToken);
        await using (var count = PostgresCommands.Create(connection, transaction, """
            SELECT count(*) FROM social.group_members WHERE session_id = $1 AND left_at IS NULL AND athlete_id <> $2
            """, sessionId, athleteId))
        {
            if ((long)(await count.ExecuteScalarAsync(cancellationToken))! >= options.Value.MaxMembers)
                return false;
        }

        await PostgresCommands.ExecuteAsync(connection, transaction, """
            INSERT INTO social.group_members AS m (session_id, athlete_id, activity_id) VALUES ($1, $2, $3)
            ON CONFLICT (session_id, athlete_id) DO UPDATE SET left_at = NULL, activity_id = coalesce(m.activity_id, EXCLUDED.activity_id)
            """, cancellationToken, sessionId, athleteId, (object?)activityId ?? DBNull.Value);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Leaves; the last one out ends the session.</summary>
    public async Task LeaveAsync(Guid sessionId, Guid athleteId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, sessionId, cancellationToken);
        // Where they were last is of no use once they are out.
        await PostgresCommands.ExecuteAsync(connection, transaction, """
            UPDATE social.group_members SET left_at = now(), last_position = NULL WHERE session_id = $1 AND athlete_id = $2 AND left_at IS NULL
            """, cancellationToken, sessionId, athleteId);
        await PostgresCommands.ExecuteAsync(connection, transaction, """
            UPDATE social.group_sessions SET ended_at = now()
            WHERE session_id = $1 AND NOT EXISTS (SELECT 1 FROM social.group_members WHERE session_id = $1 AND left_at IS NULL)
            """, cancellationToken, sessionId);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The members in the sessions now.</summary>
    public async Task<List<MemberRow>> MembersAsync(IReadOnlyCollection<Guid> sessionIds, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, $"SELECT {MemberRows.Columns} FROM social.group_members m WHERE m.session_id = ANY($1) AND m.left_at IS NULL",
            sessionIds.ToArray());
        return await MemberRows.ReadAllAsync(command, cancellationToken);
    }

    /// <summary>Locks the session's row and marks it changed, so its members get an update.</summary>
    internal static Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid sessionId, CancellationToken cancellationToken) =>
        PostgresCommands.ExecuteAsync(connection, transaction, "UPDATE social.group_sessions SET changed_at = coalesce(changed_at, now()) WHERE session_id = $1",
            cancellationToken, sessionId);

    private async Task<List<SessionRow>> SessionsAsync(string condition, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = PostgresCommands.Create(database.DataSource, $"SELECT {SessionColumns} FROM social.group_sessions s WHERE {condition}",
            [options.Value.MaxDuration, .. values]);
        var sessions = new List<SessionRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            sessions.Add(Read(reader));
        return sessions;
    }

    internal static SessionRow Read(NpgsqlDataReader reader) => new(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2),
        reader.GetGuid(3), reader.GetDateTime(4), reader.GetBoolean(5));
}
