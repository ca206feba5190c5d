using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Erasure;
using Npgsql;

namespace FitnessDriver.Notifications;

/// <summary>Deletes an athlete's inbox.</summary>
public sealed class NotificationsEraser(NotificationsDatabase database) : IAthleteEraser
{
    /// <inheritdoc />
    public ServiceDatabase Database => database;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> EraseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid athleteId, CancellationToken cancellationToken) =>
        new Dictionary<string, long>
        {
            ["inbox"] = await PostgresCommands.ExecuteAsync(connection, transaction, "DELETE FROM notifications.inbox WHERE athlete_id = $1", cancellationToken, athleteId),
            ["preferences"] = await PostgresCommands.ExecuteAsync(connection, transaction, "DELETE FROM notifications.preferences WHERE athlete_id = $1", cancellationToken, athleteId),
            ["livePushes"] = await PostgresCommands.ExecuteAsync(connection, transaction, "DELETE FROM notifications.live_pushes WHERE athlete_id = $1", cancellationToken, athleteId),
        };
}
