using FitnessDriver.Postgres;
using Npgsql;

namespace FitnessDriver.Social.Groups;

/// <summary>How the consumers take their members: the sessions' rows first, in order, then the members'.</summary>
internal static class GroupLocks
{
    /// <summary>
    /// Locks the live sessions the athletes are in, marks them changed (their members get an update once this commits),
    /// and reads the athletes' memberships in them.
    /// </summary>
    public static async Task<List<MemberRow>> LockMembersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] athleteIds,
        CancellationToken cancellationToken)
    {
        if (athleteIds.Length == 0)
            return [];
        var sessions = new List<Guid>();
        await using (var select = PostgresCommands.Create(connection, transaction, """
            SELECT s.session_id FROM social.group_sessions s
            WHERE s.ended_at IS NULL AND s.session_id IN (SELECT session_id FROM social.group_members WHERE athlete_id = ANY($1) AND left_at IS NULL)
            ORDER BY s.session_id FOR UPDATE OF s
            """, athleteIds))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                sessions.Add(reader.GetGuid(0));
        }

        if (sessions.Count == 0)
            return [];
        await PostgresCommands.ExecuteAsync(connection, transaction, "UPDATE social.group_sessions SET changed_at = coalesce(changed_at, now()) WHERE session_id = ANY($1)",
            cancellationToken, sessions.ToArray());
        await using var members = PostgresCommands.Create(connection, transaction, $"""
            SELECT {MemberRows.Columns} FROM social.group_members m WHERE m.session_id = ANY($1) AND m.athlete_id = ANY($2) AND m.left_at IS NULL
            """, sessions.ToArray(), athleteIds);
        return await MemberRows.ReadAllAsync(members, cancellationToken);
    }
}
