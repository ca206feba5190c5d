namespace FitnessDriver.Profiles.Identity;

/// <summary>Sessions, tokens and credentials (configuration section <c>Auth</c>).</summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Auth";

    /// <summary>How long an access token is valid.</summary>
    public int AccessTokenMinutes { get; set; } = 15;

    /// <summary>How long a session lives without being refreshed.</summary>
    public int RefreshTokenDays { get; set; } = 60;

    /// <summary>
    /// How long the <c>token</c> of sign-up lives: the long-lived token of clients written before refresh tokens. It
    /// belongs to the session like the others and is revoked with it.
    /// </summary>
    public int LegacyTokenDays { get; set; } = 30;

    /// <summary>How long a signing key signs before a new one takes over (the old one still validates its tokens).</summary>
    public int SigningKeyRotationDays { get; set; } = 30;

    /// <summary>PBKDF2-HMAC-SHA256 iterations for new password hashes (OWASP's 2023 figure).</summary>
    public int PasswordIterations { get; set; } = 600_000;

    /// <summary>How long any token signed by a key may live: the key is published that much longer than it signs.</summary>
    public TimeSpan LongestTokenLifetime => TimeSpan.FromMinutes(Math.Max(AccessTokenMinutes, LegacyTokenDays * 24 * 60));
}
