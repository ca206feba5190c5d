using System.Text.Json;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Postgres;
using FitnessDriver.ServiceDefaults.Identity;

namespace FitnessDriver.Profiles.Privacy;

/// <summary>
/// Erasing an athlete (GDPR art. 17): one transaction in the athlete's region deletes the profile, credentials,
/// sessions, exports (archives included) and the data key, and records the erasure; <see cref="ErasurePublisher"/> then announces it on
/// the identity topic, where every service reads it and deletes its part. A crash after the commit loses nothing:
/// the record waits for the publisher.
/// </summary>
public sealed class Erasures(ProfileRegions regions, Revocations revocations, ErasurePublisher publisher, TimeProvider clock)
{
    /// <summary>What the other services delete when they read the erasure.</summary>
    public static IReadOnlyList<string> ErasedByEvent { get; } =
    [
        "timeseries: activities, samples (compressed chunks included), positions, devices, XP per activity",
        "gamification: XP and level, activity progress, awards, badges, challenge entries and leaderboard places",
        "notifications: inbox, notification settings",
        "telemetry: open activities",
        "social: follows, blocks, club memberships, feed items, kudos, comments",
    ];

    /// <summary>Copies that stay but can no longer be read without the destroyed data key.</summary>
    public static IReadOnlyList<string> UnreadableCopies { get; } =
    [
        "event log: sample batches, activity names, achievements, social notices",
        "database backups and write-ahead log: sealed names, usernames, positions, comments",
    ];

    /// <summary>Erases the athlete; null when there is no such athlete (erased before).</summary>
    public async Task<ErasureReceipt?> EraseAsync(Guid athleteId, CancellationToken cancellationToken)
    {
        var region = regions.RegionOf(athleteId);
        var erasedAt = clock.GetUtcNow().UtcDateTime;
        await using var connection = await region.Database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockAthlete = PostgresCommands.Create(connection, transaction, "SELECT 1 FROM profiles.athletes WHERE athlete_id = $1 FOR UPDATE", athleteId))
        {
            if (await lockAthlete.ExecuteScalarAsync(cancellationToken) is null)
                return null;
        }

        async Task<long> DeleteAsync(string sql) => await PostgresCommands.ExecuteAsync(connection, transaction, sql, cancellationToken, athleteId);
        var deleted = new Dictionary<string, long>
        {
            ["dataKey"] = await DeleteAsync("DELETE FROM profiles.athlete_keys WHERE athlete_id = $1"),
            ["credentials"] = await DeleteAsync("DELETE FROM profiles.credentials WHERE athlete_id = $1"),
            ["sessions"] = await DeleteAsync("DELETE FROM profiles.sessions WHERE athlete_id = $1"),
            ["exports"] = await DeleteAsync("DELETE FROM profiles.exports WHERE athlete_id = $1"),
            ["profile"] = await DeleteAsync("DELETE FROM profiles.athletes WHERE athlete_id = $1"),
        };
        var receipt = new ErasureReceipt(athleteId, IsoTime.From(erasedAt), region.Name, deleted, ErasedByEvent, UnreadableCopies);
        await PostgresCommands.ExecuteAsync(connection, transaction,
            "INSERT INTO profiles.erasures (athlete_id, erased_at, receipt) VALUES ($1, $2, $3::jsonb) ON CONFLICT (athlete_id) DO NOTHING", cancellationToken,
            athleteId, erasedAt, JsonSerializer.Serialize(receipt, ContractJson.Options));
        await transaction.CommitAsync(cancellationToken);

        // This process forgets the key and the athlete's tokens at once; the others when they read the event.
        revocations.Erase(athleteId, new DateTimeOffset(erasedAt).ToUnixTimeMilliseconds());
        publisher.Wake();
        return receipt;
    }
}
