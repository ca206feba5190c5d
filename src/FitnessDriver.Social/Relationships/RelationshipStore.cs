using FitnessDriver.Contracts.Api;
using FitnessDriver.Postgres;
using FitnessDriver.ServiceDefaults;
using Npgsql;

namespace FitnessDriver.Social.Relationships;

/// <summary>Follows, requests, blocks and the private-profile setting.</summary>
public sealed class RelationshipStore(SocialDatabase database)
{
    /// <summary>How <paramref name="viewer"/> stands with <paramref name="athlete"/>.</summary>
    public async Task<ViewerStanding> StandingAsync(Guid viewer, Guid athlete, CancellationToken cancellationToken)
    {
        if (viewer == athlete)
            return ViewerStanding.Self;
        await using var command = PostgresCommands.Create(database.DataSource, """
            SELECT EXISTS (SELECT 1 FROM social.blocks WHERE blocker = $2 AND blocked = $1),
                   EXISTS (SELECT 1 FROM social.follows WHERE follower = $1 AND followee = $2 AND accepted),
                   coalesce((SELECT private_profile FROM social.settings WHERE athlete_id = $2), false)
            """, viewer, athlete);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ViewerStanding(reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2));
    }

    /// <summary>The relationship as the caller sees it (names filled in by the caller).</summary>
    public async Task<RelationshipView> ViewAsync(Guid viewer, Guid athlete, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, """
            SELECT (SELECT CASE WHEN accepted THEN 'following' ELSE 'requested' END FROM social.follows WHERE follower = $1 AND followee = $2),
                   EXISTS (SELECT 1 FROM social.follows WHERE follower = $2 AND followee = $1 AND accepted),
                   EXISTS (SELECT 1 FROM social.blocks WHERE blocker = $1 AND blocked = $2),
                   coalesce((SELECT private_profile FROM social.settings WHERE athlete_id = $2), false),
                   (SELECT count(*) FROM social.follows WHERE followee = $2 AND accepted),
                   (SELECT count(*) FROM social.follows WHERE follower = $2 AND accepted)
            """, viewer, athlete);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new RelationshipView(athlete, null, reader.IsDBNull(0) ? "none" : reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2),
            reader.GetBoolean(3), reader.GetInt64(4), reader.GetInt64(5));
    }

    /// <summary>Follows (or asks to, for a private profile); returns whether it was new and whether it is accepted.</summary>
    public static async Task<(bool Created, bool Accepted)> FollowAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid follower, Guid followee,
        CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, transaction, """
            WITH inserted AS (
                INSERT INTO social.follows (follower, followee, accepted)
                VALUES ($1, $2, NOT coalesce((SELECT private_profile FROM social.settings WHERE athlete_id = $2), false))
                ON CONFLICT DO NOTHING RETURNING accepted)
            SELECT true, accepted FROM inserted
            UNION ALL SELECT false, accepted FROM social.follows WHERE follower = $1 AND followee = $2 AND NOT EXISTS (SELECT 1 FROM inserted)
            """, follower, followee);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetBoolean(0), reader.GetBoolean(1));
    }

    /// <summary>Accepts a waiting request; false when there was none.</summary>
    public static async Task<bool> AcceptAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid followee, Guid follower, CancellationToken cancellationToken) =>
        await PostgresCommands.ExecuteAsync(connection, transaction, "UPDATE social.follows SET accepted = true, since = now() WHERE follower = $1 AND followee = $2 AND NOT accepted",
            cancellationToken, follower, followee) == 1;

    /// <summary>Ends a follow or a request; <paramref name="onlyRequests"/> leaves accepted follows alone.</summary>
    public async Task<bool> UnfollowAsync(Guid follower, Guid followee, bool onlyRequests, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return await PostgresCommands.ExecuteAsync(connection, null, "DELETE FROM social.follows WHERE follower = $1 AND followee = $2 AND (NOT $3 OR NOT accepted)",
            cancellationToken, follower, followee, onlyRequests) > 0;
    }

    /// <summary>Blocks: ends follows both ways.</summary>
    public async Task BlockAsync(Guid blocker, Guid blocked, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await PostgresCommands.ExecuteAsync(connection, transaction, "INSERT INTO social.blocks (blocker, blocked) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            cancellationToken, blocker, blocked);
        await PostgresCommands.ExecuteAsync(connection, transaction,
            "DELETE FROM social.follows WHERE (follower = $1 AND followee = $2) OR (follower = $2 AND followee = $1)", cancellationToken, blocker, blocked);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Lifts a block.</summary>
    public async Task UnblockAsync(Guid blocker, Guid blocked, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await PostgresCommands.ExecuteAsync(connection, null, "DELETE FROM social.blocks WHERE blocker = $1 AND blocked = $2", cancellationToken, blocker, blocked);
    }

    /// <summary>Whether either blocks the other.</summary>
    public async Task<(bool TheyBlock, bool IBlock)> BlocksAsync(Guid me, Guid other, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, """
            SELECT EXISTS (SELECT 1 FROM social.blocks WHERE blocker = $2 AND blocked = $1), EXISTS (SELECT 1 FROM social.blocks WHERE blocker = $1 AND blocked = $2)
            """, me, other);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetBoolean(0), reader.GetBoolean(1));
    }

    /// <summary>Whether following the athlete needs approval.</summary>
    public async Task<bool> IsPrivateAsync(Guid athleteId, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, "SELECT coalesce((SELECT private_profile FROM social.settings WHERE athlete_id = $1), false)", athleteId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Sets the private-profile setting; making a profile public accepts every waiting request.</summary>
    public async Task SetPrivateAsync(Guid athleteId, bool privateProfile, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await PostgresCommands.ExecuteAsync(connection, transaction, """
            INSERT INTO social.settings (athlete_id, private_profile) VALUES ($1, $2) ON CONFLICT (athlete_id) DO UPDATE SET private_profile = EXCLUDED.private_profile
            """, cancellationToken, athleteId, privateProfile);
        if (!privateProfile)
            await PostgresCommands.ExecuteAsync(connection, transaction, "UPDATE social.follows SET accepted = true WHERE followee = $1 AND NOT accepted", cancellationToken, athleteId);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A page of athletes related to <paramref name="athleteId"/>, newest relation first.</summary>
    public async Task<(List<AthleteCard> Items, PageCursor? Next)> ListAsync(AthleteListKind kind, Guid athleteId, PageCursor after, int limit, CancellationToken cancellationToken)
    {
        var (table, self, other, condition) = kind switch
        {
            AthleteListKind.Followers => ("social.follows", "followee", "follower", "accepted"),
            AthleteListKind.Following => ("social.follows", "follower", "followee", "accepted"),
            AthleteListKind.Requests => ("social.follows", "followee", "follower", "NOT accepted"),
            _ => ("social.blocks", "blocker", "blocked", "true"),
        };
        await using var command = PostgresCommands.Create(database.DataSource, $"""
            SELECT {other}, since FROM {table} WHERE {self} = $1 AND {condition} AND (since, {other}) < ($2, $3)
            ORDER BY since DESC, {other} DESC LIMIT $4
            """, athleteId, after.At, after.Id, limit + 1);
        var items = new List<(Guid Id, DateTime Since)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            items.Add((reader.GetGuid(0), reader.GetDateTime(1)));
        var next = items.Count > limit ? new PageCursor(items[limit - 1].Since, items[limit - 1].Id) : (PageCursor?)null;
        return ([.. items.Take(limit).Select(i => new AthleteCard(i.Id, null, Contracts.IsoTime.From(i.Since)))], next);
    }
}

/// <summary>The lists of athletes an athlete has.</summary>
public enum AthleteListKind
{
    /// <summary>Who follows them.</summary>
    Followers,

    /// <summary>Whom they follow.</summary>
    Following,

    /// <summary>Who asks to follow them.</summary>
    Requests,

    /// <summary>Whom they block.</summary>
    Blocks,
}
