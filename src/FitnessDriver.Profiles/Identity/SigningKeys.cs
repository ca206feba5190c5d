using System.Security.Cryptography;
using System.Text.Json;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Identity;
using FitnessDriver.EventLog;
using FitnessDriver.ServiceDefaults.Identity;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace FitnessDriver.Profiles.Identity;

/// <summary>
/// The ES256 keys that sign access tokens, kept in the Profiles database: one signs at a time, the next is created a
/// day before it takes over, and each is published on the identity topic (and in this process's key ring) from its
/// creation until no token it signed can still be valid. Only Profiles holds the private halves.
/// </summary>
public sealed class SigningKeys(ProfileRegions regions, IEventLog log, SigningKeyRing ring, AuthOptions options, TimeProvider clock, ILogger<SigningKeys> logger)
{
    private static readonly TimeSpan PublishAhead = TimeSpan.FromDays(1);
    private readonly TaskCompletionSource firstRound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Key[] keys = [];

    private sealed record Key(string KeyId, byte[] PrivateKey, string PublicJwk, DateTimeOffset SignsFrom, DateTimeOffset SignsUntil, DateTimeOffset ValidUntil);

    /// <summary>The credentials of the key that signs now; waits for the first round of <see cref="EnsureAsync"/>.</summary>
    public async Task<SigningCredentials> CurrentAsync(CancellationToken cancellationToken)
    {
        await firstRound.Task.WaitAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var key = keys.Where(k => k.SignsFrom <= now && now < k.SignsUntil).MaxBy(k => k.SignsFrom)
            ?? keys.MaxBy(k => k.SignsFrom)
            ?? throw new InvalidOperationException("No signing key exists.");
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(key.PrivateKey, out _);
        return new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = key.KeyId }, SecurityAlgorithms.EcdsaSha256);
    }

    /// <summary>Creates the key that signs now and the next one when due, and publishes every key still valid.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        // Keys are not personal data: they live in the default region's database.
        var database = regions.Default.Database;
        await database.WaitUntilMigratedAsync(cancellationToken);
        await using (var connection = await database.DataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            // Replicas of Profiles must not each create a key.
            await using (var locking = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('fitnessdriver.signing-keys'))", connection, transaction))
                await locking.ExecuteNonQueryAsync(cancellationToken);
            var valid = await LoadAsync(connection, transaction, cancellationToken);
            var now = clock.GetUtcNow();
            var lastUntil = valid.Count == 0 ? now : valid.Max(k => k.SignsUntil);
            if (lastUntil - now < PublishAhead)
            {
                var from = lastUntil < now ? now : lastUntil;
                var created = await CreateAsync(connection, transaction, from, cancellationToken);
                valid.Add(created);
                logger.LogInformation("Created signing key {KeyId}, signing from {From:O} to {Until:O}", created.KeyId, created.SignsFrom, created.SignsUntil);
            }

            await transaction.CommitAsync(cancellationToken);
            keys = [.. valid];
        }

        foreach (var key in keys)
        {
            ring.Add(key.KeyId, key.PublicJwk, key.ValidUntil.ToUnixTimeMilliseconds());
            var published = new SigningKeyPublished(key.KeyId, key.PublicJwk, key.ValidUntil.ToUnixTimeMilliseconds());
            await log.AppendAsync(Topics.Identity, new EventMessage(IdentityEventCodec.KeyOf(published), IdentityEventCodec.Encode(published)), cancellationToken);
        }

        firstRound.TrySetResult();
    }

    private static async Task<List<Key>> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(
            "SELECT kid, private_key, public_jwk, signs_from, signs_until, valid_until FROM profiles.signing_keys WHERE valid_until > now()", connection, transaction);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var loaded = new List<Key>();
        while (await reader.ReadAsync(cancellationToken))
        {
            loaded.Add(new Key(reader.GetString(0), (byte[])reader[1], reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return loaded;
    }

    private async Task<Key> CreateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset from, CancellationToken cancellationToken)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12));
        var key = new Key(keyId, ecdsa.ExportPkcs8PrivateKey(), PublicJwk(ecdsa, keyId), from,
            from + TimeSpan.FromDays(options.SigningKeyRotationDays), from + TimeSpan.FromDays(options.SigningKeyRotationDays) + options.LongestTokenLifetime);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO profiles.signing_keys (kid, private_key, public_jwk, signs_from, signs_until, valid_until) VALUES ($1, $2, $3, $4, $5, $6)
            """, connection, transaction);
        foreach (var value in new object[] { key.KeyId, key.PrivateKey, key.PublicJwk, key.SignsFrom, key.SignsUntil, key.ValidUntil })
            insert.Parameters.Add(new NpgsqlParameter { Value = value });
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return key;
    }

    private static string PublicJwk(ECDsa ecdsa, string keyId)
    {
        var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
        return JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(parameters.Q.X),
            ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y),
            ["kid"] = keyId,
            ["use"] = "sig",
            ["alg"] = "ES256",
        });
    }
}
