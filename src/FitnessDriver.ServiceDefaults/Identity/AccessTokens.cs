using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FitnessDriver.ServiceDefaults.Identity;

/// <summary>
/// How every service checks an access token without asking Profiles: an ES256 JWT signed by a key Profiles published
/// (<see cref="SigningKeyRing"/>), with the athlete as a UUID <c>sub</c>, its session as <c>sid</c> and the session's start
/// as <c>sct</c>, a <c>jti</c>, and a session and athlete no revocation covers (<see cref="Revocations"/>).
/// </summary>
public sealed class AccessTokens(SigningKeyRing keys, Revocations revocations)
{
    /// <summary>Token issuer and audience.</summary>
    public const string Issuer = "fitness-driver";

    /// <summary>The claim naming the session a token belongs to.</summary>
    public const string SessionClaim = "sid";

    /// <summary>The claim holding when the session began, epoch ms.</summary>
    public const string SessionCreatedClaim = "sct";

    /// <summary>Parameters JwtBearer validates incoming tokens with: the full check, done once per token (see <see cref="VerifiedTokens"/>).</summary>
    public TokenValidationParameters ValidationParameters => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Issuer,
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        IssuerSigningKeyResolver = (_, _, keyId, _) => keys.Find(keyId) is { } key ? [key] : [],
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = JwtRegisteredClaimNames.Sub,
    };

    /// <summary>The token of an <c>Authorization: Bearer</c> header, as JwtBearer reads it; null without one.</summary>
    public static string? FromHeader(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    /// <summary>
    /// Why a token that passed signature and lifetime checks is still refused; null when it grants access, and then
    /// <paramref name="session"/> is the session it belongs to.
    /// </summary>
    public string? Refusal(ClaimsPrincipal principal, out TokenSession session)
    {
        ArgumentNullException.ThrowIfNull(principal);
        session = default;
        if (!Guid.TryParse(principal.FindFirstValue(JwtRegisteredClaimNames.Sub), out var athleteId) || athleteId == Guid.Empty)
            return "its subject is not an athlete id";
        if (!Guid.TryParse(principal.FindFirstValue(SessionClaim), out var sessionId))
            return "it names no session";
        if (string.IsNullOrEmpty(principal.FindFirstValue(JwtRegisteredClaimNames.Jti)))
            return "it has no id";
        if (!long.TryParse(principal.FindFirstValue(SessionCreatedClaim), System.Globalization.CultureInfo.InvariantCulture, out var sessionCreatedAt))
            return "it has no session start";
        session = new TokenSession(athleteId, sessionId, sessionCreatedAt);
        return revocations.Reason(athleteId, sessionId, sessionCreatedAt);
    }
}
