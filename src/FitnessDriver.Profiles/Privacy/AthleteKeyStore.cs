using System.Security.Cryptography;
using FitnessDriver.Contracts.Privacy;
using FitnessDriver.Postgres;
using FitnessDriver.ServiceDefaults.Privacy;
using Npgsql;

namespace FitnessDriver.Profiles.Privacy;

/// <summary>
/// Athletes' data keys, wrapped by the master key, in the Profiles database of the athlete's region
/// (<c>profiles.athlete_keys</c>). Created at sign-up (or on first need for athletes who signed up before); destroyed
/// when the athlete is erased, which makes every sealed copy of their data unreadable.
/// </summary>
public sealed class AthleteKeyStore(ProfileRegions regions, IMasterKey masterKey, AthleteKeyCache cache) : IAthleteKeys
{
    /// <inheritdoc />
    public async ValueTask<byte[]?> FindAsync(Guid athleteId, CancellationToken cancellationToken)
    {
        if (cache.IsErased(athleteId))
            return null;
        if (cache.TryGet(athleteId, out var cached))
            return cached;
        try
        {
            var database = regions.Of(athleteId);
            await database.WaitUntilMigratedAsync(cancellationToken);
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var key = await FindAsync(connection, transaction, athleteId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (key is not null)
                cache.Add(athleteId, key);
            return key;
        }
        catch (Exception e) when (PostgresErrors.IsTransient(e))
        {
            throw new KeysUnavailableException($"The Profiles database cannot hand out data keys now: {e.Message}", e);
        }
    }

    /// <summary>Creates the data key of a new athlete inside the sign-up's transaction.</summary>
    public async Task<byte[]> CreateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid athleteId, CancellationToken cancellationToken)
    {
        var key = RandomNumberGenerator.GetBytes(Sealed.KeyLength);
        await using var insert = new NpgsqlCommand("INSERT INTO profiles.athlete_keys (athlete_id, wrapped) VALUES ($1, $2) ON CONFLICT DO NOTHING", connection, transaction)
        {
            Parameters = { new() { Value = athleteId }, new() { Value = masterKey.Wrap(athleteId, key) } },
        };
        await insert.ExecuteNonQueryAsync(cancellationToken);
        cache.Add(athleteId, key);
        return key;
    }

    /// <summary>The key of an athlete who exists (created now when an older athlete has none); null for anyone else.</summary>
    private async Task<byte[]?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid athleteId, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand("""
            SELECT k.wrapped FROM profiles.athletes a LEFT JOIN profiles.athlete_keys k USING (athlete_id) WHERE a.athlete_id = $1 FOR UPDATE OF a
            """, connection, transaction) { Parameters = { new() { Value = athleteId } } };
        var found = await select.ExecuteScalarAsync(cancellationToken);
        return found switch
        {
            null => null,
            DBNull => await CreateAsync(connection, transaction, athleteId, cancellationToken),
            _ => masterKey.Unwrap(athleteId, (byte[])found),
        };
    }
}
