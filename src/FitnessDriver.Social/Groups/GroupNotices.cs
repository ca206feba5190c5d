using System.Text.Json.Nodes;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace FitnessDriver.Social.Groups;

/// <summary>The notices of one round of updates, written to the outbox together in the round's transaction.</summary>
internal sealed class GroupNotices
{
    private static readonly Guid Namespace = new("3c0e9a51-6b7e-4d92-8f0a-2a57c1d4e6b8");
    private readonly List<Achievement> notices = [];
    private readonly long occurredAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public int Count => notices.Count;

    /// <summary>A notice for <paramref name="recipient"/>, its id from <paramref name="key"/> so a round repeated after a crash notifies once.</summary>
    public void Add(Guid recipient, string type, string key, JsonObject payload) =>
        notices.Add(new Achievement(NameBasedGuid.Create(Namespace, $"{type}:{recipient}:{key}"), recipient, type, occurredAt, payload));

    public async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (notices.Count == 0)
            return;
        await using var insert = PostgresCommands.Create(connection, transaction, "INSERT INTO social.outbox (athlete_id, achievement) SELECT * FROM unnest($1::uuid[], $2::jsonb[])",
            notices.Select(n => n.AthleteId).ToArray(), notices.Select(n => System.Text.Encoding.UTF8.GetString(AchievementCodec.Encode(n))).ToArray());
        insert.Parameters[1].NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb;
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
