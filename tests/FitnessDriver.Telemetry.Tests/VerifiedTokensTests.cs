using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using FitnessDriver.ServiceDefaults.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FitnessDriver.Telemetry.Tests;

public sealed class VerifiedTokensTests : IDisposable
{
    private const string KeyId = "k1";
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Clock clock = new() { Now = Start };
    private readonly ECDsa signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly SigningKeyRing ring;
    private readonly Revocations revocations;
    private readonly VerifiedTokens verified;
    private readonly TokenSession session = new(Guid.NewGuid(), Guid.NewGuid(), Start.ToUnixTimeMilliseconds());

    public VerifiedTokensTests()
    {
        ring = new SigningKeyRing(clock);
        revocations = new Revocations(clock);
        verified = new VerifiedTokens(ring, revocations, clock);
        AddKey(validUntil: Start.AddDays(1));
    }

    [Fact]
    public void A_remembered_token_is_recalled_as_a_principal_of_its_own_and_any_other_string_is_not()
    {
        var token = Token(expires: Start.AddMinutes(10));
        var principal = PrincipalOf(token);
        verified.Remember(token, principal, session);

        var recalled = verified.Recall(token.EncodedToken);
        Assert.NotNull(recalled);
        Assert.NotSame(principal, recalled);
        Assert.Equal(session.AthleteId.ToString(), recalled.FindFirstValue(JwtRegisteredClaimNames.Sub));
        Assert.True(recalled.Identity!.IsAuthenticated);
        Assert.Null(verified.Recall(token.EncodedToken[..^1]));
        Assert.Null(verified.Recall(Token(expires: Start.AddMinutes(10)).EncodedToken));
    }

    [Fact]
    public void An_expired_token_is_not_recalled()
    {
        var token = Token(expires: Start.AddMinutes(10));
        verified.Remember(token, PrincipalOf(token), session);
        clock.Now = Start.AddMinutes(10);
        Assert.Null(verified.Recall(token.EncodedToken));
    }

    [Fact]
    public void A_token_is_not_recalled_once_its_key_leaves_the_ring_or_is_replaced()
    {
        var token = Token(expires: Start.AddMinutes(10));
        verified.Remember(token, PrincipalOf(token), session);
        AddKey(validUntil: Start.AddDays(2));
        Assert.Null(verified.Recall(token.EncodedToken));

        verified.Remember(token, PrincipalOf(token), session);
        clock.Now = Start.AddDays(2);
        Assert.Null(verified.Recall(token.EncodedToken));
    }

    [Theory]
    [InlineData("session")]
    [InlineData("everywhere")]
    [InlineData("erased")]
    public void A_token_is_not_recalled_once_a_revocation_covers_it(string revocation)
    {
        var token = Token(expires: Start.AddMinutes(10));
        verified.Remember(token, PrincipalOf(token), session);
        Assert.NotNull(verified.Recall(token.EncodedToken));

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        switch (revocation)
        {
            case "session":
                revocations.RevokeSession(session.AthleteId, session.SessionId, now + 600_000);
                break;
            case "everywhere":
                revocations.SignOut(session.AthleteId, now + 1);
                break;
            default:
                revocations.Erase(session.AthleteId, now);
                break;
        }

        Assert.Null(verified.Recall(token.EncodedToken));
    }

    public void Dispose() => signer.Dispose();

    private void AddKey(DateTimeOffset validUntil)
    {
        var parameters = signer.ExportParameters(includePrivateParameters: false);
        var jwk = JsonSerializer.Serialize(new
        {
            kty = "EC",
            crv = "P-256",
            x = Base64UrlEncoder.Encode(parameters.Q.X),
            y = Base64UrlEncoder.Encode(parameters.Q.Y),
        });
        ring.Add(KeyId, jwk, validUntil.ToUnixTimeMilliseconds());
    }

    private JsonWebToken Token(DateTimeOffset expires) => new(new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = AccessTokens.Issuer,
        Audience = AccessTokens.Issuer,
        Claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = session.AthleteId.ToString(),
            [AccessTokens.SessionClaim] = session.SessionId.ToString(),
            [AccessTokens.SessionCreatedClaim] = session.CreatedAt,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString(),
        },
        IssuedAt = Start.UtcDateTime,
        NotBefore = Start.UtcDateTime,
        Expires = expires.UtcDateTime,
        SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(signer) { KeyId = KeyId }, SecurityAlgorithms.EcdsaSha256),
    }));

    private static ClaimsPrincipal PrincipalOf(JsonWebToken token) => new(new ClaimsIdentity(token.Claims, "AuthenticationTypes.Federation"));

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
