using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Deletion;
using Npgsql;

namespace FitnessDriver.Social;

/// <summary>Deletes an activity's feed items (with their kudos and comments), its tallies, its record and what a group session counted of it.</summary>
public sealed class SocialActivityEraser(SocialDatabase database) : IActivityEraser
{
    /// <inheritdoc />
    public ServiceDatabase Database => database;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid activityId, Guid athleteId,
        CancellationToken cancellationToken) => new Dictionary<string, long>
    {
        ["feedItems"] = await PostgresCommands.ExecuteAsync(connection, transaction, "DELETE FROM social.feed_items WHERE activity_id = $1 AND athlete_id = $2",
            cancellationToken, activityId, athleteId),
        ["tallies"] = await PostgresCommands.ExecuteAsync(connection, transaction, "DELETE FROM social.tallies WHERE activity_id = $1 AND athlete_id = $2",
            cancellationToken, activityId, athleteId),
        ["activities"] = await PostgresCommands.ExecuteAsync(connection, transaction, "DELETE FROM social.activities WHERE activity_id = $1 AND athlete_id = $2",
            cancellationToken, activityId, athleteId),
        ["groupTracks"] = await PostgresCommands.ExecuteAsync(connection, transaction, """
            UPDATE social.group_members SET device_id = NULL, first_t = NULL, last_t = NULL, distance_m = 0, moving_s = 0, last_distance = NULL, last_position = NULL,
                anchor_t = NULL, anchor_m = NULL, recent_t = NULL, recent_m = NULL, hr = NULL, hr_t = NULL
            WHERE activity_id = $1 AND athlete_id = $2
            """, cancellationToken, activityId, athleteId),
    };
}
