using System.Security.Claims;
using FitnessDriver.ServiceDefaults.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FitnessDriver.Profiles.Identity;

/// <summary>Signs the access tokens of a session (ES256; <c>kid</c> in the header; <c>sub</c>, <c>sid</c>, <c>sct</c>, <c>jti</c> in the body).</summary>
public sealed class TokenIssuer(SigningKeys keys, TimeProvider clock)
{
    /// <summary>The claim holding when the session began (epoch ms): signing out everywhere revokes sessions begun before it.</summary>
    public const string SessionCreatedClaim = AccessTokens.SessionCreatedClaim;

    /// <summary>A token for <paramref name="athleteId"/> in <paramref name="sessionId"/>, valid for <paramref name="lifetime"/>.</summary>
    public async Task<string> IssueAsync(Guid athleteId, Guid sessionId, long sessionCreatedAt, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var credentials = await keys.CurrentAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AccessTokens.Issuer,
            Audience = AccessTokens.Issuer,
            TokenType = "at+jwt",
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, athleteId.ToString()),
                new Claim(AccessTokens.SessionClaim, sessionId.ToString()),
                new Claim(SessionCreatedClaim, sessionCreatedAt.ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            ]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = credentials,
        });
    }
}
