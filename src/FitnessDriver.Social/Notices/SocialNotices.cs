using System.Text.Json.Nodes;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace FitnessDriver.Social.Notices;

/// <summary>Writes notices to the outbox in the caller's transaction; <see cref="SocialNoticePublisher"/> publishes them.</summary>
internal static class SocialNotices
{
    private static readonly Guid Namespace = new("7d1f3f52-36a4-4cf4-9d0e-53d4f0a5b2c1");

    /// <summary>
    /// A notice for <paramref name="recipient"/>. Its id comes from <paramref name="key"/>, so the same cause (a follow, the
    /// kudos of one athlete on one item) notifies once however often it is repeated.
    /// </summary>
    public static async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid recipient, string type, string key,
        JsonObject payload, CancellationToken cancellationToken)
    {
        var notice = new Achievement(NameBasedGuid.Create(Namespace, $"{type}:{recipient}:{key}"), recipient, type, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), payload);
        await using var command = PostgresCommands.Create(connection, transaction, "INSERT INTO social.outbox (athlete_id, achievement) VALUES ($1, $2)",
            recipient, System.Text.Encoding.UTF8.GetString(AchievementCodec.Encode(notice)));
        command.Parameters[1].NpgsqlDbType = NpgsqlDbType.Jsonb;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The payload naming who caused a notice.</summary>
    public static JsonObject From(Guid athleteId, string? displayName) => new() { ["athleteId"] = athleteId.ToString(), ["displayName"] = displayName };
}
