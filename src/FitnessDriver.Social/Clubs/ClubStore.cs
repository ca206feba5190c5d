using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Postgres;
using Npgsql;

namespace FitnessDriver.Social.Clubs;

/// <summary>Clubs, their members and invitations.</summary>
public sealed class ClubStore(SocialDatabase database)
{
    /// <summary>How many clubs one athlete may be in: each carries their feed, so this bounds the fan-out of what they do.</summary>
    public const int MaxClubsPerAthlete = 100;

    /// <summary>Creates a club with its creator as owner.</summary>
    public async Task<Guid> CreateAsync(Guid owner, string name, string? description, string access, CancellationToken cancellationToken)
    {
        var clubId = Guid.NewGuid();
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await PostgresCommands.ExecuteAsync(connection, transaction, "INSERT INTO social.clubs (club_id, name, description, access, created_by) VALUES ($1, $2, $3, $4, $5)",
            cancellationToken, clubId, name, (object?)description ?? DBNull.Value, access, owner);
        await AddMemberAsync(connection, transaction, clubId, owner, "owner", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return clubId;
    }

    /// <summary>The club as <paramref name="viewer"/> sees it, or null when there is none.</summary>
    public async Task<ClubView?> FindAsync(Guid clubId, Guid viewer, CancellationToken cancellationToken) =>
        (await QueryAsync("c.club_id = $2", cancellationToken, viewer, clubId)).FirstOrDefault();

    /// <summary>The clubs the athlete is in or invited to.</summary>
    public Task<List<ClubView>> MineAsync(Guid athleteId, CancellationToken cancellationToken) => QueryAsync("""
        c.club_id IN (SELECT club_id FROM social.club_members WHERE athlete_id = $1 UNION SELECT club_id FROM social.club_invites WHERE athlete_id = $1)
        """, cancellationToken, athleteId);

    /// <summary>Public clubs whose name contains <paramref name="text"/>, biggest first.</summary>
    public Task<List<ClubView>> SearchAsync(Guid viewer, string text, CancellationToken cancellationToken) => QueryAsync(
        "c.access = 'public' AND c.name ILIKE '%' || $2 || '%' ORDER BY c.members DESC, c.club_id LIMIT 50", cancellationToken, viewer,
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal));

    /// <summary>Joins; false when the athlete is already in <see cref="MaxClubsPerAthlete"/> clubs.</summary>
    public async Task<bool> JoinAsync(Guid clubId, Guid athleteId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var count = PostgresCommands.Create(connection, transaction, "SELECT count(*) FROM social.club_members WHERE athlete_id = $1", athleteId))
        {
            if ((long)(await count.ExecuteScalarAsync(cancellationToken))! >= MaxClubsPerAthlete)
                return false;
        }

        await AddMemberAsync(connection, transaction, clubId, athleteId, "member", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Leaves a club: an owner hands the club to the longest-standing admin (or member); the last one out deletes it.</summary>
    public async Task LeaveAsync(Guid clubId, Guid athleteId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LeaveAsync(connection, transaction, clubId, athleteId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Leaves every club (an erasure); returns how many.</summary>
    public static async Task<long> LeaveAllAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid athleteId, CancellationToken cancellationToken)
    {
        var clubs = new List<Guid>();
        await using (var select = PostgresCommands.Create(connection, transaction, "SELECT club_id FROM social.club_members WHERE athlete_id = $1", athleteId))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                clubs.Add(reader.GetGuid(0));
        }

        foreach (var clubId in clubs)
            await LeaveAsync(connection, transaction, clubId, athleteId, cancellationToken);
        return clubs.Count;
    }

    /// <summary>The member's role, or null when not a member.</summary>
    public async Task<string?> RoleAsync(Guid clubId, Guid athleteId, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, "SELECT role FROM social.club_members WHERE club_id = $1 AND athlete_id = $2", clubId, athleteId);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Invites an athlete; false when they were already invited or are a member.</summary>
    public static async Task<bool> InviteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid clubId, Guid athleteId, Guid invitedBy,
        CancellationToken cancellationToken) =>
        await PostgresCommands.ExecuteAsync(connection, transaction, """
            INSERT INTO social.club_invites (club_id, athlete_id, invited_by) SELECT $1, $2, $3
            WHERE NOT EXISTS (SELECT 1 FROM social.club_members WHERE club_id = $1 AND athlete_id = $2)
            ON CONFLICT DO NOTHING
            """, cancellationToken, clubId, athleteId, invitedBy) == 1;

    /// <summary>Changes a member's role between admin and member; false when they are not a member or are the owner.</summary>
    public async Task<bool> SetRoleAsync(Guid clubId, Guid athleteId, string role, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return await PostgresCommands.ExecuteAsync(connection, null, "UPDATE social.club_members SET role = $3 WHERE club_id = $1 AND athlete_id = $2 AND role <> 'owner'",
            cancellationToken, clubId, athleteId, role) == 1;
    }

    /// <summary>A page of members, longest-standing first.</summary>
    public async Task<(List<AthleteCard> Items, PageCursor? Next)> MembersAsync(Guid clubId, PageCursor after, int limit, CancellationToken cancellationToken)
    {
        // Oldest first: the cursor runs forwards from the start of time.
        var from = after == PageCursor.Start ? new PageCursor(DateTime.UnixEpoch, Guid.Empty) : after;
        await using var command = PostgresCommands.Create(database.DataSource, """
            SELECT athlete_id, since, role FROM social.club_members WHERE club_id = $1 AND (since, athlete_id) > ($2, $3) ORDER BY since, athlete_id LIMIT $4
            """, clubId, from.At, from.Id, limit + 1);
        var items = new List<AthleteCard>();
        var times = new List<DateTime>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new AthleteCard(reader.GetGuid(0), null, IsoTime.From(reader.GetDateTime(1)), reader.GetString(2)));
            times.Add(reader.GetDateTime(1));
        }

        var next = items.Count > limit ? new PageCursor(times[limit - 1], items[limit - 1].AthleteId) : (PageCursor?)null;
        return ([.. items.Take(limit)], next);
    }

    private static async Task AddMemberAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid clubId, Guid athleteId, string role, CancellationToken cancellationToken)
    {
        var added = await PostgresCommands.ExecuteAsync(connection, transaction, "INSERT INTO social.club_members (club_id, athlete_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            cancellationToken, clubId, athleteId, role);
        await PostgresCommands.ExecuteAsync(connection, transaction, "DELETE FROM social.club_invites WHERE club_id = $1 AND athlete_id = $2", cancellationToken, clubId, athleteId);
        await PostgresCommands.ExecuteAsync(connection, transaction, "UPDATE social.clubs SET members = members + $2 WHERE club_id = $1", cancellationToken, clubId, added);
    }

    private static async Task LeaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid clubId, Guid athleteId, CancellationToken cancellationToken)
    {
        string[] statements =
        [
            """
            WITH gone AS (DELETE FROM social.club_members WHERE club_id = $1 AND athlete_id = $2 RETURNING role)
            UPDATE social.clubs SET members = members - (SELECT count(*) FROM gone) WHERE club_id = $1
            """,
            // What they did stays theirs: it leaves the club's feed with them.
            "DELETE FROM social.feed_entries e USING social.feed_items i WHERE e.channel = $1 AND i.item_id = e.item_id AND i.athlete_id = $2",
            """
            UPDATE social.club_members SET role = 'owner'
            WHERE club_id = $1 AND $2::uuid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM social.club_members WHERE club_id = $1 AND role = 'owner')
              AND athlete_id = (SELECT athlete_id FROM social.club_members WHERE club_id = $1 ORDER BY role = 'admin' DESC, since, athlete_id LIMIT 1)
            """,
            "DELETE FROM social.clubs WHERE club_id = $1 AND members <= 0 AND $2::uuid IS NOT NULL",
        ];
        foreach (var statement in statements)
            await PostgresCommands.ExecuteAsync(connection, transaction, statement, cancellationToken, clubId, athleteId);
    }

    private async Task<List<ClubView>> QueryAsync(string condition, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = PostgresCommands.Create(database.DataSource, $"""
            SELECT c.club_id, c.name, c.description, c.access, c.members, m.role,
                   EXISTS (SELECT 1 FROM social.club_invites i WHERE i.club_id = c.club_id AND i.athlete_id = $1), c.created_at
            FROM social.clubs c LEFT JOIN social.club_members m ON m.club_id = c.club_id AND m.athlete_id = $1
            WHERE {condition}
            """, values);
        var clubs = new List<ClubView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            clubs.Add(new ClubView(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetBoolean(6), IsoTime.From(reader.GetDateTime(7))));
        }

        return clubs;
    }
}
