using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace FitnessDriver.ServiceDefaults.Identity;

/// <summary>
/// The public keys access tokens are checked with, by <c>kid</c>, as Profiles published them. A key is kept until no
/// token it signed can still be valid.
/// </summary>
public sealed class SigningKeyRing(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (JsonWebKey Key, string Json, long ValidUntil)> keys = new(StringComparer.Ordinal);

    /// <summary>How many keys are known.</summary>
    public int Count => keys.Count;

    /// <summary>Adds (or replaces) a key given as a JSON Web Key.</summary>
    /// <exception cref="ArgumentException">The JWK cannot be read.</exception>
    public void Add(string keyId, string publicJwk, long validUntil)
    {
        var key = new JsonWebKey(publicJwk) { KeyId = keyId };
        keys[keyId] = (key, publicJwk, validUntil);
    }

    /// <summary>The key named <paramref name="keyId"/>, unless unknown or past its time.</summary>
    public SecurityKey? Find(string? keyId) =>
        keyId is not null && keys.TryGetValue(keyId, out var entry) && entry.ValidUntil > clock.GetUtcNow().ToUnixTimeMilliseconds()
            ? entry.Key
            : null;

    /// <summary>The keys still in use, as the JSON Web Keys of a JWKS document's <c>keys</c>.</summary>
    public IReadOnlyList<string> Current()
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return [.. keys.Values.Where(k => k.ValidUntil > now).Select(k => k.Json)];
    }
}
