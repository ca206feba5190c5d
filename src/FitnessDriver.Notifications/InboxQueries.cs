using FitnessDriver.Contracts;
using System.Text.Json.Nodes;
using FitnessDriver.Contracts.Api;
using Npgsql;

namespace FitnessDriver.Notifications;

/// <summary>Reads an athlete's inbox.</summary>
internal static class InboxQueries
{
    public static async Task<(List<NotificationItem> Items, long Last)> PageAsync(NotificationsDatabase database, Guid athleteId, long after, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT seq, id, type, occurred_at, payload::text FROM notifications.inbox
            WHERE athlete_id = $1 AND seq > $2 ORDER BY seq LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = athleteId });
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var items = new List<NotificationItem>();
        var last = after;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            last = reader.GetInt64(0);
            items.Add(Read(reader, 1));
        }

        return (items, last);
    }

    public static async Task<NotificationItem?> FindAsync(NotificationsDatabase database, Guid athleteId, long seq, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT id, type, occurred_at, payload::text FROM notifications.inbox WHERE athlete_id = $1 AND seq = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = athleteId });
        command.Parameters.Add(new NpgsqlParameter { Value = seq });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader, 0) : null;
    }

    /// <summary>A live item parked for its push (see <see cref="PushMessage"/>).</summary>
    public static async Task<NotificationItem?> FindLiveAsync(NotificationsDatabase database, Guid athleteId, long seq, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT item::text FROM notifications.live_pushes WHERE athlete_id = $1 AND seq = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = athleteId });
        command.Parameters.Add(new NpgsqlParameter { Value = seq });
        return await command.ExecuteScalarAsync(cancellationToken) is string json
            ? System.Text.Json.JsonSerializer.Deserialize<NotificationItem>(json, ContractJson.Options)
            : null;
    }

    private static NotificationItem Read(NpgsqlDataReader reader, int first) => new(
        reader.GetGuid(first),
        reader.GetString(first + 1),
        IsoTime.From(reader.GetDateTime(first + 2)),
        JsonNode.Parse(reader.GetString(first + 3))!.AsObject());
}
