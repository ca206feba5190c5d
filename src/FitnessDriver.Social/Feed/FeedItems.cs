using System.Text.Json.Nodes;
using FitnessDriver.Contracts;
using FitnessDriver.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace FitnessDriver.Social.Feed;

/// <summary>Writes feed items and their entries: one in the athlete's own channel and one in each club they are in.</summary>
internal static class FeedItems
{
    private static readonly Guid Namespace = new("0c2b7c51-6a57-4a7e-bb8a-2f0a51f3b7de");

    /// <summary>The item of a finished activity.</summary>
    public static Guid ActivityItemId(Guid activityId) => NameBasedGuid.Create(Namespace, "activity:" + activityId);

    /// <summary>Adds an item once (re-delivery changes nothing) and fans it out to its channels.</summary>
    public static async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid itemId, Guid athleteId, string type, DateTime occurredAt,
        Guid? activityId, JsonObject details, CancellationToken cancellationToken)
    {
        await using (var insert = PostgresCommands.Create(connection, transaction, """
            INSERT INTO social.feed_items (item_id, athlete_id, type, occurred_at, activity_id, details) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING
            """, itemId, athleteId, type, occurredAt, new NpgsqlParameter { Value = (object?)activityId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
            new NpgsqlParameter { Value = details.ToJsonString(), NpgsqlDbType = NpgsqlDbType.Jsonb }))
        {
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
                return;
        }

        await PostgresCommands.ExecuteAsync(connection, transaction, """
            INSERT INTO social.feed_entries (channel, occurred_at, item_id)
            SELECT channel, $3, $1 FROM (SELECT $2::uuid AS channel UNION SELECT club_id FROM social.club_members WHERE athlete_id = $2) c
            ON CONFLICT DO NOTHING
            """, cancellationToken, itemId, athleteId, occurredAt);
    }
}
