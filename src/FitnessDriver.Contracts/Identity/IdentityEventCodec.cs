using System.Text.Json;
using System.Text.Json.Nodes;

namespace FitnessDriver.Contracts.Identity;

/// <summary>JSON form of <see cref="IdentityEvent"/>, with a <c>type</c> discriminator, and the key each is appended under.</summary>
public static class IdentityEventCodec
{
    private const string KeyPublished = "signing-key-published";
    private const string Revoked = "session-revoked";
    private const string SignedOut = "athlete-signed-out";
    private const string Erased = "athlete-erased";

    /// <summary>
    /// The log key: an athlete's events stay in order; a signing key has a key of its own. On Kafka the topic is
    /// compacted, so the key is also what a later event of the same kind replaces.
    /// </summary>
    public static string KeyOf(IdentityEvent identityEvent) => identityEvent switch
    {
        SigningKeyPublished key => $"signing-key:{key.KeyId}",
        SessionRevoked session => $"session:{session.SessionId}",
        AthleteSignedOut signedOut => signedOut.AthleteId.ToString(),
        AthleteErased erased => erased.AthleteId.ToString(),
        _ => throw new ArgumentException($"Unknown identity event {identityEvent?.GetType().Name}.", nameof(identityEvent)),
    };

    /// <summary>Encodes an event as UTF-8 JSON.</summary>
    public static byte[] Encode(IdentityEvent identityEvent)
    {
        ArgumentNullException.ThrowIfNull(identityEvent);
        var (type, node) = identityEvent switch
        {
            SigningKeyPublished key => (KeyPublished, JsonSerializer.SerializeToNode(key, ContractJson.Options)),
            SessionRevoked session => (Revoked, JsonSerializer.SerializeToNode(session, ContractJson.Options)),
            AthleteSignedOut signedOut => (SignedOut, JsonSerializer.SerializeToNode(signedOut, ContractJson.Options)),
            AthleteErased erased => (Erased, JsonSerializer.SerializeToNode(erased, ContractJson.Options)),
            _ => throw new ArgumentException($"Unknown identity event {identityEvent.GetType().Name}.", nameof(identityEvent)),
        };
        var json = node!.AsObject();
        json.Insert(0, "type", type);
        return JsonSerializer.SerializeToUtf8Bytes(json, ContractJson.Options);
    }

    /// <summary>Decodes an event; <see langword="null"/> for event types this version does not know.</summary>
    /// <exception cref="ContractFormatException">The payload is not a valid identity event.</exception>
    public static IdentityEvent? Decode(ReadOnlySpan<byte> payload)
    {
        try
        {
            var json = JsonNode.Parse(payload) as JsonObject
                ?? throw new ContractFormatException("An identity event must be a JSON object.");
            return json["type"]?.GetValue<string>() switch
            {
                KeyPublished => Required(json.Deserialize<SigningKeyPublished>(ContractJson.Options), k => k.KeyId is { Length: > 0 } && k.PublicJwk is { Length: > 0 }),
                Revoked => Required(json.Deserialize<SessionRevoked>(ContractJson.Options), s => s.AthleteId != Guid.Empty && s.SessionId != Guid.Empty),
                SignedOut => Required(json.Deserialize<AthleteSignedOut>(ContractJson.Options), s => s.AthleteId != Guid.Empty),
                Erased => Required(json.Deserialize<AthleteErased>(ContractJson.Options), e => e.AthleteId != Guid.Empty),
                _ => null,
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException and not ContractFormatException)
        {
            throw new ContractFormatException($"Invalid identity event: {e.Message}", e);
        }
    }

    private static T Required<T>(T? identityEvent, Func<T, bool> valid)
        where T : IdentityEvent =>
        identityEvent is not null && valid(identityEvent) ? identityEvent : throw new ContractFormatException($"A {typeof(T).Name} misses a required field.");
}
