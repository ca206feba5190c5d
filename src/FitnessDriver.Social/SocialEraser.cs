using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Erasure;
using Npgsql;

namespace FitnessDriver.Social;

/// <summary>Deletes everything of an athlete's: follows both ways, blocks, memberships, feed, kudos, comments, notices, group session memberships.</summary>
public sealed class SocialEraser(SocialDatabase database) : IAthleteEraser
{
    private static readonly (string Kind, string Sql)[] Deletions =
    [
        ("follows", "DELETE FROM social.follows WHERE follower = $1 OR followee = $1"),
        ("blocks", "DELETE FROM social.blocks WHERE blocker = $1 OR blocked = $1"),
        ("settings", "DELETE FROM social.settings WHERE athlete_id = $1"),
        ("clubInvites", "DELETE FROM social.club_invites WHERE athlete_id = $1"),
        ("kudos", "DELETE FROM social.kudos WHERE athlete_id = $1"),
        ("comments", "DELETE FROM social.comments WHERE athlete_id = $1"),
        ("feedItems", "DELETE FROM social.feed_items WHERE athlete_id = $1"),
        ("activities", "DELETE FROM social.activities WHERE athlete_id = $1"),
        ("tallies", "DELETE FROM social.tallies WHERE athlete_id = $1"),
        ("notices", "DELETE FROM social.outbox WHERE athlete_id = $1"),
        ("groupMemberships", "DELETE FROM social.group_members WHERE athlete_id = $1"),
    ];

    /// <inheritdoc />
    public ServiceDatabase Database => database;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> EraseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid athleteId, CancellationToken cancellationToken)
    {
        var deleted = new Dictionary<string, long>();
        foreach (var (kind, sql) in Deletions)
            deleted[kind] = await PostgresCommands.ExecuteAsync(connection, transaction, sql, cancellationToken, athleteId);
        deleted["clubMemberships"] = await Clubs.ClubStore.LeaveAllAsync(connection, transaction, athleteId, cancellationToken);
        return deleted;
    }
}
