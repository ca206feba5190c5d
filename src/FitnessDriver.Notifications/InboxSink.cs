using System.Text.Json;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Api;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Postgres.Erasure;
using FitnessDriver.ServiceDefaults.Privacy;
using Npgsql;
using NpgsqlTypes;

namespace FitnessDriver.Notifications;

/// <summary>
/// Puts achievements in the athletes' inboxes (unique by achievement id) and, in the same transaction, notifies
/// every replica through <c>pg_notify</c> so the one holding the athlete's WebSocket pushes it once committed.
/// Achievements arrive sealed with the athlete's data key; those of erased athletes are left out. Live group standings
/// (<see cref="SocialNoticeTypes.GroupUpdate"/>) are pushed and not kept: the session's <c>GET</c> has them.
/// </summary>
public sealed class InboxSink(NotificationsDatabase database, IAthleteKeys keys) : IEventSink<Achievement>
{
    /// <summary>The consumer group.</summary>
    public const string GroupName = "notifications";

    /// <inheritdoc />
    public string Group => GroupName;

    /// <inheritdoc />
    public IReadOnlyList<string> Topics { get; } = [Contracts.Topics.Achievements, Contracts.Topics.Social];

    /// <inheritdoc />
    public ServiceDatabase Database => database;

    /// <inheritdoc />
    public ValueTask<Achievement?> DecodeAsync(LogRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return SealedEvents.OpenAchievementAsync(record.Value, keys, cancellationToken);
    }

    /// <inheritdoc />
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Decoded<Achievement>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var erased = await ErasedAthletes.GuardAsync(connection, transaction, database.Schema, batch.Select(b => b.Message.AthleteId), cancellationToken);
        var kept = batch.Select(b => b.Message).Where(a => !erased.Contains(a.AthleteId)).DistinctBy(a => a.Id).ToList();
        // Only the latest standings of each session are worth pushing; a batch read after a pause holds many.
        var live = kept.Where(a => a.Type == SocialNoticeTypes.GroupUpdate).GroupBy(a => (a.AthleteId, a.Payload["sessionId"]?.ToString())).Select(g => g.Last()).ToList();
        if (live.Count > 0)
            await PushLiveAsync(connection, transaction, await NotificationPreferences.WithoutMutedAsync(connection, transaction, live, cancellationToken), cancellationToken);
        await StoreAsync(connection, transaction, [.. kept.Where(a => a.Type != SocialNoticeTypes.GroupUpdate)], cancellationToken);
    }

    /// <summary>Pushes notices that are not kept; one too large for a notification waits in <c>notifications.live_pushes</c> for a minute.</summary>
    internal static async Task PushLiveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Achievement> notices, CancellationToken cancellationToken)
    {
        if (notices.Count == 0)
            return;
        var pushes = notices.Select(n => new PushMessage(n.AthleteId, 0, ToItem(n), Live: true)).ToList();
        var large = pushes.Where(p => !p.Fits()).ToList();
        if (large.Count > 0)
        {
            await PostgresCommands.ExecuteAsync(connection, transaction, "DELETE FROM notifications.live_pushes WHERE created_at < now() - interval '1 minute'", cancellationToken);
            await using var park = PostgresCommands.Create(connection, transaction, """
                INSERT INTO notifications.live_pushes (athlete_id, item) SELECT a, i FROM unnest($1::uuid[], $2::jsonb[]) WITH ORDINALITY AS u(a, i, n) ORDER BY n RETURNING seq
                """, large.Select(p => p.AthleteId).ToArray(), large.Select(p => JsonSerializer.Serialize(p.Item, ContractJson.Options)).ToArray());
            park.Parameters[1].NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb;
            var seqs = new List<long>();
            await using (var reader = await park.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                    seqs.Add(reader.GetInt64(0));
            }

            var parked = large.Zip(seqs, (p, seq) => p with { Seq = seq, Item = null }).ToList();
            pushes = [.. pushes.Where(p => p.Fits()), .. parked];
        }

        await PushAsync(connection, transaction, pushes, cancellationToken);
    }

    /// <summary>Puts achievements in the inbox (once each, unless their athlete muted the type) and notifies the replicas to push those that were new.</summary>
    internal static async Task StoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Achievement> all, CancellationToken cancellationToken)
    {
        if (all.Count == 0)
            return;
        var achievements = await NotificationPreferences.WithoutMutedAsync(connection, transaction, all, cancellationToken);
        var inserted = new Dictionary<Guid, long>();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO notifications.inbox (id, athlete_id, type, occurred_at, payload)
            SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::jsonb[])
            ON CONFLICT (id) DO NOTHING
            RETURNING id, seq
            """, connection, transaction))
        {
            insert.Parameters.Add(new() { Value = achievements.Select(a => a.Id).ToArray() });
            insert.Parameters.Add(new() { Value = achievements.Select(a => a.AthleteId).ToArray() });
            insert.Parameters.Add(new() { Value = achievements.Select(a => a.Type).ToArray() });
            insert.Parameters.Add(new() { Value = achievements.Select(a => DateTimeOffset.FromUnixTimeMilliseconds(a.OccurredAt).UtcDateTime).ToArray() });
            insert.Parameters.Add(new() { Value = achievements.Select(a => a.Payload.ToJsonString()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                inserted[reader.GetGuid(0)] = reader.GetInt64(1);
        }

        // History imported from files is listed, not pushed live: a lifetime of kilometres would be a storm of messages.
        var pushes = achievements.Where(a => inserted.ContainsKey(a.Id) && a.Payload["imported"]?.GetValueKind() != System.Text.Json.JsonValueKind.True)
            .Select(a => new PushMessage(a.AthleteId, inserted[a.Id], ToItem(a))).ToList();
        await PushAsync(connection, transaction, pushes, cancellationToken);
        NotificationsMetrics.RecordStored(pushes.Count);
    }

    /// <summary>Notifies every replica, when the transaction commits, to push the messages to the athletes' WebSockets.</summary>
    internal static async Task PushAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PushMessage> pushes, CancellationToken cancellationToken)
    {
        if (pushes.Count == 0)
            return;
        await using var notify = new NpgsqlCommand($"SELECT pg_notify('{PushMessage.Channel}', p) FROM unnest($1::text[]) WITH ORDINALITY AS u(p, n) ORDER BY n", connection, transaction);
        notify.Parameters.Add(new() { Value = pushes.Select(p => p.Serialize()).ToArray() });
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }


    internal static NotificationItem ToItem(Achievement achievement) => new(achievement.Id, achievement.Type,
        IsoTime.FromEpochMilliseconds(achievement.OccurredAt),
        achievement.Payload);
}
