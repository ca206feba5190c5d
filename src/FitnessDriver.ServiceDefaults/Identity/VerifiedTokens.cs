using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FitnessDriver.ServiceDefaults.Identity;

/// <summary>
/// Access tokens that passed the full check (signature, lifetime, issuer, audience, claims, revocation), remembered
/// with the principal it produced, so that the next request with the very same token is authenticated without parsing
/// the token again. A remembered token is taken only before it expires, while the key that signed it is still the
/// ring's key of that <c>kid</c>, and while no revocation covers its session; anything else, a token differing by one
/// character included, goes through the full check.
/// </summary>
public sealed class VerifiedTokens(SigningKeyRing keys, Revocations revocations, TimeProvider clock)
{
    /// <summary>Tokens remembered at most; past it the memory starts over.</summary>
    public const int Capacity = 20_000;

    private readonly ConcurrentDictionary<string, VerifiedToken> verified = new(StringComparer.Ordinal);
    private int count;

    /// <summary>Remembers a token that has just passed the full check with <paramref name="principal"/>.</summary>
    public void Remember(JsonWebToken token, ClaimsPrincipal principal, TokenSession session)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(principal);
        if (keys.Find(token.Kid) is not { } key)
            return;
        if (Interlocked.Increment(ref count) > Capacity)
        {
            verified.Clear();
            Interlocked.Exchange(ref count, 1);
        }

        // A copy: the request this check was for goes on with the principal itself.
        verified[token.EncodedToken] = new VerifiedToken(principal.Clone(), session, token.Kid, key, token.ValidTo);
    }

    /// <summary>
    /// A principal of its own for a remembered token that still grants access, or null when the token has to go through
    /// the full check.
    /// </summary>
    public ClaimsPrincipal? Recall(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!verified.TryGetValue(token, out var known))
            return null;
        if (known.ValidTo <= clock.GetUtcNow().UtcDateTime || !ReferenceEquals(keys.Find(known.KeyId), known.Key)
            || revocations.Reason(known.Session.AthleteId, known.Session.SessionId, known.Session.CreatedAt) is not null)
        {
            verified.TryRemove(token, out _);
            return null;
        }

        return known.Principal.Clone();
    }

    private sealed record VerifiedToken(ClaimsPrincipal Principal, TokenSession Session, string KeyId, SecurityKey Key, DateTime ValidTo);
}

/// <summary>The session an access token belongs to, from its <c>sub</c>, <c>sid</c> and <c>sct</c> claims.</summary>
public readonly record struct TokenSession(Guid AthleteId, Guid SessionId, long CreatedAt);
