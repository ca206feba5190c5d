using System.Text.RegularExpressions;
using FitnessDriver.Contracts.Privacy;
using FitnessDriver.Postgres;
using FitnessDriver.Profiles.Privacy;
using FitnessDriver.ServiceDefaults;
using Npgsql;

namespace FitnessDriver.Profiles.Identity;

/// <summary>
/// Usernames and password hashes: the credential an athlete uses to sign in from a new phone. The username is sealed
/// with the athlete's data key and found by its blind index, in every region.
/// </summary>
public sealed partial class Credentials(ProfileRegions regions, IMasterKey masterKey, AuthOptions options)
{
    /// <summary>Shortest password accepted (NIST SP 800-63B asks for at least 8).</summary>
    public const int MinPasswordLength = 10;

    private const int MaxPasswordLength = 128;
    private readonly Lazy<string> decoy = new(() => PasswordHasher.Decoy(options.PasswordIterations));

    /// <summary>Checks a username and password as a request sends them; adds the failures to <paramref name="errors"/>.</summary>
    public static void Validate(string? username, string? password, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (username is null || !Username().IsMatch(username))
            errors.Add("username", "must be 3-32 characters of letters, digits and . _ -");
        if (password is null || password.Length is < MinPasswordLength or > MaxPasswordLength || string.IsNullOrWhiteSpace(password))
            errors.Add("password", $"must be {MinPasswordLength}-{MaxPasswordLength} characters");
        else if (string.Equals(password, username, StringComparison.OrdinalIgnoreCase))
            errors.Add("password", "must not be the username");
    }

    /// <summary>Stores a credential in <paramref name="transaction"/>; false when the username belongs to someone else.</summary>
    public async Task<bool> SetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid athleteId, byte[] athleteKey, string username, string password,
        CancellationToken cancellationToken)
    {
        // A username must be unique in every region, not only in this one (where the index cannot see plain ones).
        foreach (var region in regions.All)
        {
            var here = region.Database.DataSource.ConnectionString == connection.ConnectionString;
            await using var taken = here
                ? PostgresCommands.Create(connection, transaction, FindSql("athlete_id"), KeyOf(username), username.ToLowerInvariant())
                : FindCommand(region.Database, "athlete_id", username);
            if (await taken.ExecuteScalarAsync(cancellationToken) is Guid owner && owner != athleteId)
                return false;
        }

        await using var upsert = new NpgsqlCommand("""
            INSERT INTO profiles.credentials (athlete_id, sealed_username, username_key, password_hash) VALUES ($1, $2, $3, $4)
            ON CONFLICT (athlete_id) DO UPDATE SET sealed_username = EXCLUDED.sealed_username, username_key = EXCLUDED.username_key, username = NULL,
                password_hash = EXCLUDED.password_hash, updated_at = now()
            """, connection, transaction)
        {
            Parameters =
            {
                new() { Value = athleteId }, new() { Value = Sealed.Seal(athleteKey, athleteId, Purposes.Username, username) }, new() { Value = KeyOf(username) },
                new() { Value = PasswordHasher.Hash(password, options.PasswordIterations) },
            },
        };
        try
        {
            await upsert.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return false;
        }
    }

    /// <summary>The athlete whose credential this is, or null; takes as long for an unknown username as for a wrong password.</summary>
    public async Task<Guid?> SignInAsync(string username, string password, CancellationToken cancellationToken)
    {
        foreach (var region in regions.All)
        {
            await using var find = FindCommand(region.Database, "athlete_id, password_hash", username);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
                return PasswordHasher.Verify(password, reader.GetString(1)) ? reader.GetGuid(0) : null;
        }

        PasswordHasher.Verify(password, decoy.Value);
        return null;
    }

    /// <summary>True when the athlete has a password (erasing then asks for it).</summary>
    public async Task<bool> HasPasswordAsync(Guid athleteId, CancellationToken cancellationToken)
    {
        await using var find = regions.Of(athleteId).DataSource.CreateCommand("SELECT 1 FROM profiles.credentials WHERE athlete_id = $1");
        find.Parameters.Add(new() { Value = athleteId });
        return await find.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>True when the athlete has no credential yet, or <paramref name="password"/> is theirs.</summary>
    public async Task<bool> MayChangeAsync(Guid athleteId, string? password, CancellationToken cancellationToken)
    {
        await using var find = regions.Of(athleteId).DataSource.CreateCommand("SELECT password_hash FROM profiles.credentials WHERE athlete_id = $1");
        find.Parameters.Add(new() { Value = athleteId });
        return await find.ExecuteScalarAsync(cancellationToken) is not string hash || password is not null && PasswordHasher.Verify(password, hash);
    }

    /// <summary>What <c>username_key</c> holds for a sealed username: an HMAC of its lower-case form.</summary>
    public static string BlindIndex(IMasterKey masterKey, string username)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        ArgumentNullException.ThrowIfNull(username);
        return masterKey.BlindIndex(Purposes.Username, username.ToLowerInvariant());
    }

    // Finds a sealed credential by its blind index, or one stored before sealing (until sealed) by its lower-case name.
    private NpgsqlCommand FindCommand(ProfilesDatabase database, string columns, string username) =>
        PostgresCommands.Create(database.DataSource, FindSql(columns), KeyOf(username), username.ToLowerInvariant());

    private static string FindSql(string columns) =>
        $"SELECT {columns} FROM profiles.credentials WHERE username_key = $1 OR (username IS NOT NULL AND username_key = $2)";

    private string KeyOf(string username) => BlindIndex(masterKey, username);

    [GeneratedRegex("^[A-Za-z0-9._-]{3,32}$")]
    private static partial Regex Username();
}
