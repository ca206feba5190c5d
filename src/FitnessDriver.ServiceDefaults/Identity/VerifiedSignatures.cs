using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FitnessDriver.ServiceDefaults.Identity;

/// <summary>
/// Remembers access tokens that passed the full check, so that the next request with the very same token skips the
/// ECDSA verification, the costliest step of a request on the ingest path. A token is taken as checked only while the
/// key that signed it is still the ring's key of that <c>kid</c>; lifetime, issuer and audience are checked on every
/// request by the handler, and revocation after it (<see cref="AccessTokens.Refusal"/>). Any other string, a token
/// differing by one character included, goes through the library's full validation.
/// </summary>
public sealed class VerifiedSignatures(SigningKeyRing keys, TimeProvider clock)
{
    /// <summary>Tokens remembered at most; past it the memory starts over.</summary>
    public const int Capacity = 20_000;

    private readonly ConcurrentDictionary<string, (string KeyId, SecurityKey Key, DateTime ValidTo)> verified = new(StringComparer.Ordinal);
    private readonly JsonWebTokenHandler handler = new();

    /// <summary>A <see cref="TokenValidationParameters.SignatureValidator"/> for <paramref name="parameters"/>.</summary>
    public SignatureValidator For(TokenValidationParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var full = parameters.Clone();
        full.SignatureValidator = null;
        return (token, _) => Validate(token, full);
    }

    private JsonWebToken Validate(string token, TokenValidationParameters full)
    {
        if (verified.TryGetValue(token, out var known) && known.ValidTo > clock.GetUtcNow().UtcDateTime && ReferenceEquals(keys.Find(known.KeyId), known.Key))
            return new JsonWebToken(token);
        var result = handler.ValidateTokenAsync(token, full).GetAwaiter().GetResult();
        if (!result.IsValid)
            throw result.Exception ?? new SecurityTokenInvalidSignatureException("The token was refused.");
        var checkedToken = (JsonWebToken)result.SecurityToken;
        if (keys.Find(checkedToken.Kid) is { } key)
        {
            if (verified.Count >= Capacity)
                verified.Clear();
            verified[token] = (checkedToken.Kid, key, checkedToken.ValidTo);
        }

        return checkedToken;
    }
}
