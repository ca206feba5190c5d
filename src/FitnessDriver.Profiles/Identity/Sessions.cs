using System.Security.Cryptography;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Identity;
using FitnessDriver.EventLog;
using FitnessDriver.ServiceDefaults;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace FitnessDriver.Profiles.Identity;

/// <summary>The tokens of a session as handed to a client.</summary>
public sealed record IssuedTokens(Guid AthleteId, Guid SessionId, string AccessToken, int ExpiresIn, string RefreshToken, int RefreshExpiresIn, string? LegacyToken);

/// <summary>
/// Sessions: one per sign-in (or sign-up), each a family of refresh tokens that rotate on every use. A refresh token
/// used a second time means it was stolen or copied: the whole session is revoked (OAuth 2.0 Security BCP, 4.14).
/// Every revocation is appended to the identity topic before it is answered, so every service stops accepting the
/// session's access tokens as soon as it reads it.
/// </summary>
public sealed class Sessions(ProfileRegions regions, IEventLog log, TokenIssuer issuer, AuthOptions options, TimeProvider clock, AuditLog audit)
{
    private TimeSpan AccessLifetime => TimeSpan.FromMinutes(options.AccessTokenMinutes);

    private TimeSpan RefreshLifetime => TimeSpan.FromDays(options.RefreshTokenDays);

    /// <summary>Begins a session for <paramref name="athleteId"/> inside <paramref name="transaction"/> (e.g. the sign-up's).</summary>
    public async Task<IssuedTokens> StartAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid athleteId, bool withLegacyToken, CancellationToken cancellationToken)
    {
        var sessionId = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        await using (var insert = new NpgsqlCommand("INSERT INTO profiles.sessions (session_id, athlete_id, created_at, expires_at) VALUES ($1, $2, $3, $4)", connection, transaction))
        {
            foreach (var value in new object[] { sessionId, athleteId, now, now + RefreshLifetime })
                insert.Parameters.Add(new NpgsqlParameter { Value = value });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        var refreshToken = await AddRefreshTokenAsync(connection, transaction, sessionId, cancellationToken);
        return await TokensAsync(athleteId, sessionId, now.ToUnixTimeMilliseconds(), refreshToken, withLegacyToken, cancellationToken);
    }

    /// <summary>Begins a session in a transaction of its own.</summary>
    public async Task<IssuedTokens> StartAsync(Guid athleteId, CancellationToken cancellationToken)
    {
        await using var connection = await regions.Of(athleteId).DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var tokens = await StartAsync(connection, transaction, athleteId, withLegacyToken: false, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return tokens;
    }

    /// <summary>The next tokens for a refresh token, or null when it is refused (unknown, expired, revoked or used before).</summary>
    public async Task<IssuedTokens?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        // The token says nothing of its region: look in each until one knows it.
        foreach (var region in regions.All)
        {
            var (found, tokens) = await RefreshAsync(region.Database, refreshToken, cancellationToken);
            if (found)
                return tokens;
        }

        return null;
    }

    private async Task<(bool Found, IssuedTokens? Tokens)> RefreshAsync(ProfilesDatabase database, string refreshToken, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var find = new NpgsqlCommand("""
            SELECT r.session_id, r.used_at IS NOT NULL, s.athlete_id, s.created_at, s.revoked_at IS NOT NULL OR s.expires_at <= now()
            FROM profiles.refresh_tokens r JOIN profiles.sessions s USING (session_id)
            WHERE r.token_hash = $1 FOR UPDATE OF r, s
            """, connection, transaction) { Parameters = { new() { Value = Hash(refreshToken) } } };
        Guid sessionId, athleteId;
        DateTimeOffset createdAt;
        bool used, over;
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
                return (false, null);
            (sessionId, used, athleteId, createdAt, over) = (reader.GetGuid(0), reader.GetBoolean(1), reader.GetGuid(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetBoolean(4));
        }

        if (over)
            return (true, null);
        if (used)
        {
            await RevokeInAsync(connection, transaction, sessionId, "refresh-reuse", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await AnnounceAsync(new SessionRevoked(athleteId, sessionId, "refresh-reuse", ForgetAfter()), cancellationToken);
            audit.RefreshReused(athleteId, sessionId);
            return (true, null);
        }

        await using (var spend = new NpgsqlCommand("UPDATE profiles.refresh_tokens SET used_at = now() WHERE token_hash = $1", connection, transaction)
            { Parameters = { new() { Value = Hash(refreshToken) } } })
            await spend.ExecuteNonQueryAsync(cancellationToken);
        await using (var extend = new NpgsqlCommand("UPDATE profiles.sessions SET expires_at = $2 WHERE session_id = $1", connection, transaction)
            { Parameters = { new() { Value = sessionId }, new() { Value = clock.GetUtcNow() + RefreshLifetime } } })
            await extend.ExecuteNonQueryAsync(cancellationToken);
        var next = await AddRefreshTokenAsync(connection, transaction, sessionId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (true, await TokensAsync(athleteId, sessionId, createdAt.ToUnixTimeMilliseconds(), next, withLegacyToken: false, cancellationToken));
    }

    /// <summary>Revokes one session (logout): its refresh tokens stop working at once, its access tokens wherever the revocation is read.</summary>
    public async Task RevokeAsync(Guid athleteId, Guid sessionId, string reason, CancellationToken cancellationToken)
    {
        await using (var connection = await regions.Of(athleteId).DataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await RevokeInAsync(connection, transaction, sessionId, reason, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await AnnounceAsync(new SessionRevoked(athleteId, sessionId, reason, ForgetAfter()), cancellationToken);
    }

    /// <summary>Revokes every session of the athlete begun until now ("sign out everywhere").</summary>
    public async Task SignOutEverywhereAsync(Guid athleteId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using (var revoke = regions.Of(athleteId).DataSource.CreateCommand(
            "UPDATE profiles.sessions SET revoked_at = $2, revoked_reason = 'sign-out-everywhere' WHERE athlete_id = $1 AND revoked_at IS NULL"))
        {
            revoke.Parameters.Add(new() { Value = athleteId });
            revoke.Parameters.Add(new() { Value = now });
            await revoke.ExecuteNonQueryAsync(cancellationToken);
        }

        await AnnounceAsync(new AthleteSignedOut(athleteId, now.ToUnixTimeMilliseconds() + 1), cancellationToken);
    }

    /// <summary>True when <paramref name="refreshToken"/> is the athlete's current refresh token of a live session.</summary>
    public async Task<bool> IsCurrentRefreshTokenAsync(Guid athleteId, string refreshToken, CancellationToken cancellationToken)
    {
        await using var find = regions.Of(athleteId).DataSource.CreateCommand("""
            SELECT 1 FROM profiles.refresh_tokens r JOIN profiles.sessions s USING (session_id)
            WHERE r.token_hash = $1 AND s.athlete_id = $2 AND r.used_at IS NULL AND s.revoked_at IS NULL AND s.expires_at > now()
            """);
        find.Parameters.Add(new() { Value = Hash(refreshToken) });
        find.Parameters.Add(new() { Value = athleteId });
        return await find.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private async Task<IssuedTokens> TokensAsync(Guid athleteId, Guid sessionId, long sessionCreatedAt, string refreshToken, bool withLegacyToken, CancellationToken cancellationToken)
    {
        var access = await issuer.IssueAsync(athleteId, sessionId, sessionCreatedAt, AccessLifetime, cancellationToken);
        var legacy = withLegacyToken
            ? await issuer.IssueAsync(athleteId, sessionId, sessionCreatedAt, TimeSpan.FromDays(options.LegacyTokenDays), cancellationToken)
            : null;
        return new IssuedTokens(athleteId, sessionId, access, (int)AccessLifetime.TotalSeconds, refreshToken, (int)RefreshLifetime.TotalSeconds, legacy);
    }

    private static async Task<string> AddRefreshTokenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid sessionId, CancellationToken cancellationToken)
    {
        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        await using var insert = new NpgsqlCommand("INSERT INTO profiles.refresh_tokens (token_hash, session_id) VALUES ($1, $2)", connection, transaction)
        {
            Parameters = { new() { Value = Hash(token) }, new() { Value = sessionId } },
        };
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return token;
    }

    private static async Task RevokeInAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid sessionId, string reason, CancellationToken cancellationToken)
    {
        await using var revoke = new NpgsqlCommand(
            "UPDATE profiles.sessions SET revoked_at = now(), revoked_reason = $2 WHERE session_id = $1 AND revoked_at IS NULL", connection, transaction)
        {
            Parameters = { new() { Value = sessionId }, new() { Value = reason } },
        };
        await revoke.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task AnnounceAsync(IdentityEvent revocation, CancellationToken cancellationToken) =>
        await log.AppendAsync(Topics.Identity, new EventMessage(IdentityEventCodec.KeyOf(revocation), IdentityEventCodec.Encode(revocation)), cancellationToken);

    /// <summary>After this no token of a revoked session is valid anyway, so services may forget the revocation.</summary>
    private long ForgetAfter() => (clock.GetUtcNow() + options.LongestTokenLifetime).ToUnixTimeMilliseconds();

    private static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
}
