using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Identity;
using FitnessDriver.EventLog;
using FitnessDriver.Profiles.Identity;
using FitnessDriver.ServiceDefaults.Identity;
using FitnessDriver.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>Sessions, refresh, revocation and key rotation, as a client and an attacker see them.</summary>
public sealed class IdentityTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly RunningPlatform platform = fixture.Platform;

    public static TheoryData<string> BadTokens() => new("expired", "revoked", "refresh-reused", "signed-out-everywhere", "erased-athlete", "non-uuid-subject", "foreign-key", "no-session");

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_gets_401_on_every_endpoint_and_the_websocket_never_a_500(string kind)
    {
        var token = await BadTokenAsync(kind);
        var endpoints = await SecuredEndpointsAsync();
        Assert.True(endpoints.Count >= 15, $"only {endpoints.Count} secured endpoints in the OpenAPI document");
        foreach (var (method, path, multipart) in endpoints)
        {
            using var request = new HttpRequestMessage(method, path.Replace("{activityId}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{challengeId}", Guid.NewGuid().ToString(), StringComparison.Ordinal))
            {
                Content = method == HttpMethod.Get ? null
                    : multipart ? new MultipartFormDataContent { { new ByteArrayContent("<gpx/>"u8.ToArray()), "file", "ride.gpx" } }
                    : new StringContent("{}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await platform.Http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{kind} token: {method} {path} answered {(int)response.StatusCode}");
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await WebSocketStatusAsync(token));
    }

    [Fact]
    public async Task Refresh_rotates_the_refresh_token_and_reusing_one_revokes_the_whole_session()
    {
        var created = await FitnessDriverClient.SignUpWithCredentialsAsync(platform.Http, "Rotating", Username(), "correct horse battery");
        var first = await FitnessDriverClient.RefreshAsync(platform.Http, created.RefreshToken);
        Assert.NotEqual(created.RefreshToken, first.RefreshToken);
        var second = await FitnessDriverClient.RefreshAsync(platform.Http, first.RefreshToken);
        var client = new FitnessDriverClient(platform.Http, created.AthleteId, second.AccessToken);
        await client.GetProgressAsync();

        // A thief replays an older refresh token: the family is revoked, the legitimate holder included.
        var reuse = await Assert.ThrowsAsync<ApiProblemException>(() => FitnessDriverClient.RefreshAsync(platform.Http, first.RefreshToken));
        Assert.Equal(HttpStatusCode.Unauthorized, reuse.Status);
        await Assert.ThrowsAsync<ApiProblemException>(() => FitnessDriverClient.RefreshAsync(platform.Http, second.RefreshToken));
        await Eventually.TrueAsync(async () => await StatusAsync(second.AccessToken) == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(5), "the access token to be refused");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(created.Token));
    }

    [Fact]
    public async Task Sign_in_from_a_new_phone_logout_and_sign_out_everywhere()
    {
        var username = Username();
        var created = await FitnessDriverClient.SignUpWithCredentialsAsync(platform.Http, "Phone", username, "correct horse battery");
        var wrong = await Assert.ThrowsAsync<ApiProblemException>(() => FitnessDriverClient.SignInAsync(platform.Http, username, "wrong horse battery"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        var phone = await FitnessDriverClient.SignInAsync(platform.Http, username.ToUpperInvariant(), "correct horse battery");
        Assert.Equal(created.AthleteId, phone.AthleteId);
        var laptop = await FitnessDriverClient.SignInAsync(platform.Http, username, "correct horse battery");

        var phoneClient = new FitnessDriverClient(platform.Http, phone.AthleteId, phone.AccessToken);
        await using var feed = await phoneClient.OpenNotificationFeedAsync();
        await phoneClient.LogoutAsync();
        await Eventually.TrueAsync(async () => await StatusAsync(phone.AccessToken) == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(5), "the logged-out token to be refused");
        await foreach (var _ in feed.ReadAllAsync(TestContext.Current.CancellationToken))
        {
        }

        Assert.Equal("the token was revoked", feed.CloseReason);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(laptop.AccessToken));

        await new FitnessDriverClient(platform.Http, laptop.AthleteId, laptop.AccessToken).LogoutEverywhereAsync();
        await Eventually.TrueAsync(async () => await StatusAsync(laptop.AccessToken) == HttpStatusCode.Unauthorized && await StatusAsync(created.Token) == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(5), "every earlier session to be refused");
        await Assert.ThrowsAsync<ApiProblemException>(() => FitnessDriverClient.RefreshAsync(platform.Http, laptop.RefreshToken));
        var again = await FitnessDriverClient.SignInAsync(platform.Http, username, "correct horse battery");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(again.AccessToken));
    }

    [Fact]
    public async Task Credentials_can_be_set_later_and_changed_only_with_the_current_password()
    {
        var athlete = await platform.NewAthleteAsync("Later");
        var username = Username();
        await athlete.SetCredentialsAsync(username, "first password here");
        var refused = await Assert.ThrowsAsync<ApiProblemException>(() => athlete.SetCredentialsAsync(username, "second password here"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        await athlete.SetCredentialsAsync(username, "second password here", currentPassword: "first password here");
        Assert.Equal(athlete.AthleteId, (await FitnessDriverClient.SignInAsync(platform.Http, username, "second password here")).AthleteId);

        var other = await platform.NewAthleteAsync("Other");
        var taken = await Assert.ThrowsAsync<ApiProblemException>(() => other.SetCredentialsAsync(username.ToUpperInvariant(), "another password"));
        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
    }

    [Fact]
    public async Task A_rotated_key_signs_new_tokens_while_tokens_of_the_old_key_stay_valid()
    {
        var before = await platform.NewAthleteAsync("Before rotation");
        var oldKey = KeyIdOf(before.Token);
        await using (var connection = new Npgsql.NpgsqlConnection(platform.ProfilesConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            // The current key is about to stop signing: the next one is created ahead, then takes over.
            await using var ending = new Npgsql.NpgsqlCommand("UPDATE profiles.signing_keys SET signs_until = now() + interval '1 hour'", connection);
            await ending.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            await platform.Services.GetRequiredService<SigningKeys>().EnsureAsync(TestContext.Current.CancellationToken);
            await using var over = new Npgsql.NpgsqlCommand("""
                UPDATE profiles.signing_keys SET signs_until = CASE WHEN kid = $1 THEN now() - interval '1 second' ELSE signs_until END,
                    signs_from = CASE WHEN kid = $1 THEN signs_from ELSE now() - interval '1 second' END
                """, connection) { Parameters = { new() { Value = oldKey } } };
            await over.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await platform.Services.GetRequiredService<SigningKeys>().EnsureAsync(TestContext.Current.CancellationToken);
        var after = await platform.NewAthleteAsync("After rotation");
        Assert.NotEqual(oldKey, KeyIdOf(after.Token));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(before.Token));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(after.Token));
        using var jwks = await platform.Http.GetAsync(new Uri("/.well-known/jwks.json", UriKind.Relative));
        var keys = JsonNode.Parse(await jwks.Content.ReadAsStringAsync())!["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>()).ToList();
        Assert.Contains(oldKey, keys);
        Assert.Contains(KeyIdOf(after.Token), keys);
    }

    [Fact]
    public async Task A_token_accepted_before_is_refused_once_its_signature_changes_or_its_key_leaves_the_ring()
    {
        var athlete = await platform.NewAthleteAsync("Checked once");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(athlete.Token));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(athlete.Token));

        var parts = athlete.Token.Split('.');
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        signature[^1] ^= 1;
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync($"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync($"{parts[0]}.{parts[1]}."));

        var ring = platform.Services.GetRequiredService<SigningKeyRing>();
        var keyId = KeyIdOf(athlete.Token);
        var jwk = ring.Current().Single(k => JsonNode.Parse(k)!["kid"]?.GetValue<string>() == keyId);
        ring.Add(keyId, jwk, validUntil: DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds());
        try
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(athlete.Token));
        }
        finally
        {
            ring.Add(keyId, jwk, validUntil: DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds());
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(athlete.Token));
    }

    private async Task<string> BadTokenAsync(string kind)
    {
        var created = await FitnessDriverClient.SignUpWithCredentialsAsync(platform.Http, "Victim", Username(), "correct horse battery");
        switch (kind)
        {
            case "expired":
                return await SignAsync(created.AthleteId.ToString(), Guid.NewGuid(), DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1));
            case "revoked":
                await new FitnessDriverClient(platform.Http, created.AthleteId, created.AccessToken).LogoutAsync();
                return await RefusedAsync(created.AccessToken);
            case "refresh-reused":
                await FitnessDriverClient.RefreshAsync(platform.Http, created.RefreshToken);
                await Assert.ThrowsAsync<ApiProblemException>(() => FitnessDriverClient.RefreshAsync(platform.Http, created.RefreshToken));
                return await RefusedAsync(created.AccessToken);
            case "signed-out-everywhere":
                await new FitnessDriverClient(platform.Http, created.AthleteId, created.AccessToken).LogoutEverywhereAsync();
                return await RefusedAsync(created.Token);
            case "erased-athlete":
                var erased = new AthleteErased(created.AthleteId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                await platform.Services.GetRequiredService<IEventLog>().AppendAsync(Topics.Identity,
                    new EventMessage(IdentityEventCodec.KeyOf(erased), IdentityEventCodec.Encode(erased)), TestContext.Current.CancellationToken);
                return await RefusedAsync(created.AccessToken);
            case "non-uuid-subject":
                return await SignAsync("not-an-athlete", Guid.NewGuid(), DateTime.UtcNow, DateTime.UtcNow.AddMinutes(10));
            case "foreign-key":
                using (var stranger = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
                {
                    var credentials = new SigningCredentials(new ECDsaSecurityKey(stranger) { KeyId = KeyIdOf(created.AccessToken) }, SecurityAlgorithms.EcdsaSha256);
                    return Sign(credentials, created.AthleteId.ToString(), Guid.NewGuid(), DateTime.UtcNow, DateTime.UtcNow.AddMinutes(10));
                }

            default:
                var credentialsOfPlatform = await platform.Services.GetRequiredService<SigningKeys>().CurrentAsync(TestContext.Current.CancellationToken);
                return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
                {
                    Issuer = AccessTokens.Issuer,
                    Audience = AccessTokens.Issuer,
                    Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, created.AthleteId.ToString())]),
                    Expires = DateTime.UtcNow.AddMinutes(10),
                    SigningCredentials = credentialsOfPlatform,
                });
        }
    }

    private async Task<string> SignAsync(string subject, Guid session, DateTime issued, DateTime expires) =>
        Sign(await platform.Services.GetRequiredService<SigningKeys>().CurrentAsync(TestContext.Current.CancellationToken), subject, session, issued, expires);

    private static string Sign(SigningCredentials credentials, string subject, Guid session, DateTime issued, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AccessTokens.Issuer,
            Audience = AccessTokens.Issuer,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, subject),
                new Claim(AccessTokens.SessionClaim, session.ToString()),
                new Claim(AccessTokens.SessionCreatedClaim, new DateTimeOffset(issued).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            ]),
            IssuedAt = issued,
            NotBefore = issued,
            Expires = expires,
            SigningCredentials = credentials,
        });

    /// <summary>Waits until the revocation reached this process, then hands the token over.</summary>
    private async Task<string> RefusedAsync(string token)
    {
        await Eventually.TrueAsync(async () => await StatusAsync(token) == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(5), "the revocation to arrive");
        return token;
    }

    private async Task<HttpStatusCode> StatusAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/me/progress");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await platform.Http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> WebSocketStatusAsync(string token)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new UriBuilder(platform.BaseAddress) { Scheme = "ws", Path = "/v1/me/notifications/stream", Query = "access_token=" + Uri.EscapeDataString(token) }.Uri;
        try
        {
            await socket.ConnectAsync(uri, TestContext.Current.CancellationToken);
            return HttpStatusCode.SwitchingProtocols;
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }
    }

    private async Task<List<(HttpMethod Method, string Path, bool Multipart)>> SecuredEndpointsAsync()
    {
        var document = JsonNode.Parse(await platform.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;
        var endpoints = new List<(HttpMethod, string, bool)>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation?["security"] is JsonArray { Count: > 0 })
                    endpoints.Add((new HttpMethod(method.ToUpperInvariant()), path, operation["requestBody"]?["content"]?["multipart/form-data"] is not null));
            }
        }

        return endpoints;
    }

    private static string KeyIdOf(string token) => new JsonWebToken(token).Kid;

    private static string Username() => "user" + Guid.NewGuid().ToString("N")[..12];
}
