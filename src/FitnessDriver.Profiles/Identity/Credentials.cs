using System.Text.RegularExpressions;
using FitnessDriver.ServiceDefaults;
using Npgsql;

namespace FitnessDriver.Profiles.Identity;

/// <summary>Usernames and password hashes: the credential an athlete uses to sign in from a new phone.</summary>
public sealed partial class Credentials(ProfilesDatabase database, AuthOptions options)
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
    public async Task<bool> SetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid athleteId, string username, string password, CancellationToken cancellationToken)
    {
        await using var upsert = new NpgsqlCommand("""
            INSERT INTO profiles.credentials (athlete_id, username, username_key, password_hash) VALUES ($1, $2, $3, $4)
            ON CONFLICT (athlete_id) DO UPDATE SET username = EXCLUDED.username, username_key = EXCLUDED.username_key,
                password_hash = EXCLUDED.password_hash, updated_at = now()
            """, connection, transaction)
        {
            Parameters =
            {
                new() { Value = athleteId }, new() { Value = username }, new() { Value = KeyOf(username) },
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
        await using var find = database.DataSource.CreateCommand("SELECT athlete_id, password_hash FROM profiles.credentials WHERE username_key = $1");
        find.Parameters.Add(new() { Value = KeyOf(username) });
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            PasswordHasher.Verify(password, decoy.Value);
            return null;
        }

        return PasswordHasher.Verify(password, reader.GetString(1)) ? reader.GetGuid(0) : null;
    }

    /// <summary>True when the athlete has no credential yet, or <paramref name="password"/> is theirs.</summary>
    public async Task<bool> MayChangeAsync(Guid athleteId, string? password, CancellationToken cancellationToken)
    {
        await using var find = database.DataSource.CreateCommand("SELECT password_hash FROM profiles.credentials WHERE athlete_id = $1");
        find.Parameters.Add(new() { Value = athleteId });
        return await find.ExecuteScalarAsync(cancellationToken) is not string hash || password is not null && PasswordHasher.Verify(password, hash);
    }

    private static string KeyOf(string username) => username.ToLowerInvariant();

    [GeneratedRegex("^[A-Za-z0-9._-]{3,32}$")]
    private static partial Regex Username();
}
