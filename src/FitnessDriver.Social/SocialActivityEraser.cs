using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Deletion;
using Npgsql;

namespace FitnessDriver.Social;

/// <summary>Deletes an activity's feed items (with their kudos and comments), its tallies and its record.</summary>
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
    };
}
