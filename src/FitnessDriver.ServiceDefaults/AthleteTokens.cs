using System.Security.Claims;
using System.Security.Cryptography;
using FitnessDriver.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FitnessDriver.ServiceDefaults;

/// <summary>
/// Signs and describes the bearer tokens that act for one athlete (HMAC-SHA256 JWTs, subject = athlete id).
/// The key comes from <c>Auth:SigningKey</c> (base64, at least 32 bytes) or is generated once into the data directory;
/// every service that validates tokens must see the same key.
/// </summary>
public sealed class AthleteTokens
{
    /// <summary>Token issuer and audience.</summary>
    public const string Issuer = "fitness-driver";

    private readonly SymmetricSecurityKey key;
    private readonly TimeProvider clock;

    /// <summary>Loads or creates the signing key.</summary>
    public AthleteTokens(IConfiguration configuration, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        key = new SymmetricSecurityKey(LoadKey(configuration));
        this.clock = clock ?? TimeProvider.System;
        Lifetime = TimeSpan.FromDays(configuration.GetValue("Auth:TokenLifetimeDays", 365));
    }

    /// <summary>How long an issued token is valid.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>Parameters JwtBearer validates incoming tokens with.</summary>
    public TokenValidationParameters ValidationParameters => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Issuer,
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromMinutes(2),
        NameClaimType = JwtRegisteredClaimNames.Sub,
    };

    /// <summary>Issues a token for <paramref name="athleteId"/>.</summary>
    public string Issue(Guid athleteId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, athleteId.ToString())]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    private static byte[] LoadKey(IConfiguration configuration)
    {
        if (configuration["Auth:SigningKey"] is { Length: > 0 } configured)
        {
            var bytes = new byte[configured.Length];
            return Convert.TryFromBase64String(configured, bytes, out var length) && length >= 32
                ? bytes[..length]
                : throw new StartupException("Auth:SigningKey must be base64 of at least 32 bytes (for example: openssl rand -base64 48).");
        }

        var path = Path.Combine(DataDirectory.Resolve(configuration), "auth", "signing-key");
        if (File.Exists(path))
            return Convert.FromBase64String(File.ReadAllText(path).Trim());

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var generated = RandomNumberGenerator.GetBytes(64);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, Convert.ToBase64String(generated));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            // Another process may have created it meanwhile; the first key wins.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        return generated;
    }
}

/// <summary>Reads the athlete a request acts for.</summary>
public static class AthletePrincipal
{
    /// <summary>The athlete id of an authenticated request.</summary>
    public static Guid AthleteId(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return Guid.TryParse(principal.Identity?.Name, out var id)
            ? id
            : throw new InvalidOperationException("The request is not authenticated as an athlete.");
    }
}
